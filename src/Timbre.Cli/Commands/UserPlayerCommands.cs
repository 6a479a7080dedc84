using System.CommandLine;
using System.Globalization;
using Timbre.App.Players;
using Timbre.App.Playlists;
using Timbre.Cli.Recommending;
using Timbre.Core.Errors;

namespace Timbre.Cli.Commands;

/// <summary>
/// <c>timbre user apikey create|list|revoke NAME</c> (keys for players on the OpenSubsonic API, the same keys as the
/// web account page) and <c>timbre user import-m3u NAME FILE</c> (a playlist's songs become likes).
/// </summary>
internal static class UserPlayerCommands
{
    /// <summary>The <c>apikey</c> command group.</summary>
    public static Command ApiKey()
    {
        var group = new Command("apikey", "API keys for music players (OpenSubsonic apiKey): create, list, revoke.");
        group.Subcommands.Add(Create());
        group.Subcommands.Add(List());
        group.Subcommands.Add(Revoke());
        return group;
    }

    /// <summary>The <c>import-m3u</c> command.</summary>
    public static Command ImportM3u()
    {
        var catalog = CatalogCommand.CatalogOption();
        var name = new Argument<string>("name") { Description = "User name." };
        var file = new Argument<string>("file") { Description = "Playlist file (.m3u, .m3u8 or .xspf)." };
        var c = new Command("import-m3u", "Like every catalog song a playlist names (by path, file name, or #EXTINF artist and title); lists the lines it could not match.");
        c.Options.Add(catalog);
        c.Arguments.Add(name);
        c.Arguments.Add(file);
        c.SetAction(p =>
        {
            var path = p.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new TimbreException($"{path}: no such playlist file.");
            }

            var entries = PlaylistFiles.Read(path);
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var userId = RecCli.UserId(store, p.GetValue(name)!);
            var match = PlaylistImport.Match(store, entries, Path.GetDirectoryName(Path.GetFullPath(path)));
            var added = PlaylistImport.AddLikes(store, userId, match.Matched);
            Console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{entries.Count} entries: {match.Matched.Count} matched ({added} new likes), {match.Unmatched.Count} not matched"));
            foreach (var (number, entry) in match.Unmatched)
            {
                var label = entry.Title is null ? entry.Location : $"{entry.Artist} - {entry.Title} ({entry.Location})";
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  not matched: entry {number}: {label}"));
            }

            return 0;
        });
        return c;
    }

    private static Command Create()
    {
        var catalog = CatalogCommand.CatalogOption();
        var name = new Argument<string>("name") { Description = "User name." };
        var label = new Option<string>("--name") { Description = "What the key is for (e.g. phone, Feishin).", DefaultValueFactory = _ => "cli" };
        var c = new Command("create", "Create an API key; it is printed once (only its hash is stored).");
        c.Options.Add(catalog);
        c.Options.Add(label);
        c.Arguments.Add(name);
        c.SetAction(p =>
        {
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var userId = RecCli.UserId(store, p.GetValue(name)!);
            var (record, key) = ApiKeys.Create(store, userId, p.GetValue(label)!);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"API key {record.Id} '{record.Name}' for {p.GetValue(name)} (shown once; paste it into the player):"));
            Console.Out.WriteLine(key);
            return 0;
        });
        return c;
    }

    private static Command List()
    {
        var catalog = CatalogCommand.CatalogOption();
        var name = new Argument<string>("name") { Description = "User name." };
        var c = new Command("list", "List a user's API keys (id, name, prefix, created, last used).");
        c.Options.Add(catalog);
        c.Arguments.Add(name);
        c.SetAction(p =>
        {
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var keys = store.ListApiKeys(RecCli.UserId(store, p.GetValue(name)!));
            foreach (var k in keys)
            {
                var used = k.LastUsedAt is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "never";
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k.Id}\t{k.Name}\t{k.Prefix}…\tcreated {k.CreatedAt:u}\tlast used {used}"));
            }

            if (keys.Count == 0)
            {
                Console.Error.WriteLine("no API keys");
            }

            return 0;
        });
        return c;
    }

    private static Command Revoke()
    {
        var catalog = CatalogCommand.CatalogOption();
        var name = new Argument<string>("name") { Description = "User name." };
        var id = new Argument<long>("id") { Description = "Key id (from 'timbre user apikey list')." };
        var c = new Command("revoke", "Revoke one of a user's API keys.");
        c.Options.Add(catalog);
        c.Arguments.Add(name);
        c.Arguments.Add(id);
        c.SetAction(p =>
        {
            using var store = RecCli.OpenStore(p.GetValue(catalog)!);
            var userId = RecCli.UserId(store, p.GetValue(name)!);
            if (!store.DeleteApiKey(userId, p.GetValue(id)))
            {
                throw new TimbreException(string.Create(CultureInfo.InvariantCulture, $"{p.GetValue(name)} has no API key {p.GetValue(id)}."));
            }

            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"revoked API key {p.GetValue(id)}"));
            return 0;
        });
        return c;
    }
}
