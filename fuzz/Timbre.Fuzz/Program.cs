using SharpFuzz;
using Timbre.Fuzz;

// Usage:
//   Timbre.Fuzz run TARGET            the afl++ entry point (scripts/fuzz.sh starts it under afl-fuzz)
//   Timbre.Fuzz seeds TARGET DIR      writes the generated seed corpus of TARGET into DIR
//   Timbre.Fuzz replay TARGET FILE…   runs saved inputs once each and says which fail (for crash triage)
if (args.Length < 2 || FuzzTargets.Find(args[1]) is not { } create)
{
    Console.Error.WriteLine($"usage: Timbre.Fuzz run|seeds|replay TARGET [DIR|FILE…]; targets: {string.Join(", ", FuzzTargets.Names)}");
    return 2;
}

switch (args[0])
{
    case "run":
        // Instrumented code may run only inside Fuzzer.Run (before it, afl's coverage map is not attached yet), so the
        // target and its host are built on the first input.
        IFuzzTarget? fuzzed = null;
        Fuzzer.Run(stream =>
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            (fuzzed ??= create()).Execute(copy.ToArray());
        });
        return 0;
    case "seeds" when args.Length == 3:
        Directory.CreateDirectory(args[2]);
        var count = 0;
        var seeded = create();
        foreach (var (name, bytes) in seeded.Seeds())
        {
            File.WriteAllBytes(Path.Combine(args[2], name), bytes);
            count++;
        }

        Console.WriteLine($"{count} seeds for {seeded.Name} in {args[2]}");
        return 0;
    case "replay" when args.Length >= 3:
        var failed = 0;
        var replayed = create();
        foreach (var file in args.Skip(2))
        {
            try
            {
                replayed.Execute(File.ReadAllBytes(file));
                Console.WriteLine($"ok    {file}");
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"FAIL  {file}: {e.GetType().Name}: {e.Message}");
                Console.WriteLine(e.StackTrace);
            }
        }

        return failed == 0 ? 0 : 1;
    default:
        Console.Error.WriteLine("usage: Timbre.Fuzz run|seeds|replay TARGET [DIR|FILE…]");
        return 2;
}
