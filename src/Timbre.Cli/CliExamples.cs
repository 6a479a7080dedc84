using System.CommandLine;

namespace Timbre.Cli;

/// <summary>One or two example lines per command, appended to its help text (<c>timbre scan --help</c>).</summary>
internal static class CliExamples
{
    /// <summary>Examples by command path (names after <c>timbre</c>, space-separated).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ByCommand = new Dictionary<string, string[]>
    {
        ["demo"] = ["timbre demo", "timbre demo --library ~/Music --no-serve", "timbre demo --library ~/Music --learn-minutes 20"],
        ["info"] = ["timbre info song.mp3 other.flac", "timbre info song.mp3 --json"],
        ["features"] = ["timbre features song.mp3 --kind mfcc --png mfcc.png", "timbre features song.mp3 --kind stats --json"],
        ["corpus generate"] = ["timbre corpus generate --out corpus --per-genre 20 --seconds 15", "timbre corpus generate --albums 6 --out albums"],
        ["corpus stats"] = ["timbre corpus stats corpus", "timbre corpus stats corpus --json"],
        ["corpus show"] = ["timbre corpus show corpus/jazz/jazz.00001.wav"],
        ["corpus cache"] = ["timbre corpus cache corpus --spec logmel3s"],
        ["train"] = ["timbre train --model crnn --data corpus --out models/crnn", "timbre train --model contrastive --data ~/Music --out models/mine --minutes 30"],
        ["evaluate"] = ["timbre evaluate --model models/crnn --data corpus --out reports/crnn"],
        ["cv"] = ["timbre cv --model cnn --data corpus --folds 10 --out reports/cv-cnn"],
        ["compare"] = ["timbre compare --data corpus --out reports/compare"],
        ["predict"] = ["timbre predict --model models/crnn song.mp3", "timbre predict --model models/crnn *.flac --json"],
        ["embed"] = ["timbre embed --model models/crnn ~/Music/Album"],
        ["scan"] = ["timbre scan ~/Music --catalog timbre.db", "timbre scan ~/Music --catalog timbre.db --model summary --model models/crnn --json", "timbre scan /srv/music --catalog postgresql://timbre@db:5432/music --cluster postgresql://timbre@db:5432/music"],
        ["cluster silo"] = ["timbre cluster silo --catalog postgresql://timbre@db:5432/music", "timbre cluster silo --catalog postgresql://timbre@db:5432/music --silo-port 11112 --gateway-port 30001"],
        ["cluster status"] = ["timbre cluster status --catalog postgresql://timbre@db:5432/music"],
        ["cluster query"] = ["timbre cluster query --catalog postgresql://timbre@db:5432/music --like 12 --k 10"],
        ["cluster bench"] = ["timbre cluster bench --catalog postgresql://timbre@db:5432/music --queries 200 --shards 12", "timbre cluster bench --catalog /srv/shared/music.db --cluster postgresql://timbre@db:5432/cluster --concurrency 4"],
        ["cluster bench-playlists"] = ["timbre cluster bench-playlists --catalog postgresql://timbre@db:5432/music --steps 50 --paths 5 --length 25"],
        ["catalog stats"] = ["timbre catalog stats --catalog timbre.db", "timbre catalog stats --catalog postgresql://timbre@localhost:5432/music --json"],
        ["catalog failures"] = ["timbre catalog failures --catalog timbre.db"],
        ["catalog synth"] = ["timbre catalog synth --catalog big.db --tracks 100000 --users 1000"],
        ["catalog space show"] = ["timbre catalog space show --catalog timbre.db", "timbre catalog space show --catalog timbre.db --json"],
        ["catalog space fit"] = ["timbre catalog space fit --catalog timbre.db --sets summary@v1 --evaluate"],
        ["catalog space clear"] = ["timbre catalog space clear --catalog timbre.db"],
        ["recommend"] = ["timbre recommend --catalog timbre.db --like song.mp3", "timbre recommend --catalog timbre.db --like 12 --like 40 --method multi --json"],
        ["user add"] = ["timbre user add alice --catalog timbre.db"],
        ["user like"] = ["timbre user like alice 12 --catalog timbre.db"],
        ["user dislike"] = ["timbre user dislike alice 40 --catalog timbre.db"],
        ["user rate"] = ["timbre user rate alice 12 5 --catalog timbre.db"],
        ["user show"] = ["timbre user show alice --catalog timbre.db --json"],
        ["user recommend"] = ["timbre user recommend alice --catalog timbre.db --method hybrid", "timbre user recommend alice --catalog timbre.db --m3u mix.m3u8"],
        ["user import-m3u"] = ["timbre user import-m3u alice favourites.m3u8 --catalog timbre.db"],
        ["user apikey create"] = ["timbre user apikey create alice --name phone --catalog timbre.db"],
        ["user apikey list"] = ["timbre user apikey list alice --catalog timbre.db"],
        ["user apikey revoke"] = ["timbre user apikey revoke alice 3 --catalog timbre.db"],
        ["playlist"] = ["timbre playlist --catalog timbre.db --from 12 --to 40", "timbre playlist --catalog timbre.db --from 12 --to 40 --xspf path.xspf"],
        ["radio"] = ["timbre radio --catalog timbre.db --seed 12"],
        ["eval-rec"] = ["timbre eval-rec --catalog timbre.db --out reports/rec"],
        ["eval-retrieval"] = ["timbre eval-retrieval --catalog timbre.db --by album --k 5", "timbre eval-retrieval --catalog timbre.db --vector space --out reports/retrieval"],
        ["metric cv"] = ["timbre metric cv --catalog timbre.db --method whiten --folds 3"],
        ["metric fit"] = ["timbre metric fit --catalog timbre.db --method whiten --out whiten.json"],
        ["map"] = ["timbre map --catalog timbre.db --out map.png", "timbre map --catalog timbre.db --out albums.png --by album", "timbre map --catalog postgresql://timbre@db:5432/timbre"],
        ["serve"] = ["timbre serve --catalog timbre.db", "timbre serve --catalog timbre.db --urls http://0.0.0.0:5000 --https-cert cert.pfx", "timbre serve --catalog postgresql://timbre@db:5432/music --cluster postgresql://timbre@db:5432/music --urls http://0.0.0.0:5000"],
    };

    /// <summary>Appends each command's examples to its description, for every command under <paramref name="root"/>.</summary>
    public static void AddTo(Command root) => AddTo(root, "");

    /// <summary>The path of every command under <paramref name="root"/> that runs something (has an action).</summary>
    public static IEnumerable<string> RunnablePaths(Command root) => Walk(root, "").Where(c => c.Command.Action is not null).Select(c => c.Path);

    private static void AddTo(Command command, string path)
    {
        foreach (var (sub, subPath) in Walk(command, path))
        {
            if (ByCommand.TryGetValue(subPath, out var lines))
            {
                sub.Description += Environment.NewLine + Environment.NewLine + "Examples:" + Environment.NewLine +
                    string.Join(Environment.NewLine, lines.Select(l => "  " + l));
            }
        }
    }

    private static IEnumerable<(Command Command, string Path)> Walk(Command command, string path)
    {
        foreach (var sub in command.Subcommands)
        {
            var subPath = path.Length == 0 ? sub.Name : path + " " + sub.Name;
            yield return (sub, subPath);
            foreach (var nested in Walk(sub, subPath))
            {
                yield return nested;
            }
        }
    }
}
