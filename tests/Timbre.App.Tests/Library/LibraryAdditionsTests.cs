using Timbre.App.Analysis;
using Timbre.App.Library;
using Timbre.App.Tests.Support;
using Timbre.Audio;
using Timbre.Core.Audio;
using Timbre.Storage.Hashing;
using Timbre.Storage.Sqlite;

namespace Timbre.App.Tests.Library;

/// <summary>An upload joins the library through one method: quota, track with owner and hash, every analysis.</summary>
public sealed class LibraryAdditionsTests : IDisposable
{
    private readonly TempLibrary _lib = new();

    public void Dispose() => _lib.Dispose();

    [Fact]
    public void Add_StoresTheTrackWithItsOwnerHashAndEveryAnalysis_TitledByTheUploadWhenUntagged()
    {
        var path = _lib.Wav("20261202-101010-abcdef12.wav", 440, seed: 1);
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var alice = store.CreateUser("alice", "x");
        var analysed = new FileAnalyzer(AudioDecoders.CreateDefault())
            .Analyze(path, [new MomentsAnalyzer("a", 22050), new MomentsAnalyzer("b", 16000)], AnalysisWindowOptions.Default);

        var saved = LibraryAdditions.Add(store, analysed, new LibraryAddition("My Song", alice.Id, MaxTracks: 5, MaxBytes: 1 << 20));

        var stored = store.FindTrack(saved.Id)!;
        Assert.Equal((path, "My Song", (long?)alice.Id), (stored.Path, stored.Title, stored.OwnerUserId));
        Assert.Equal(ContentHasher.Compute(path), stored.ContentHash);
        Assert.NotNull(store.FindAnalysis(saved.Id, "a", 1));
        Assert.NotNull(store.FindAnalysis(saved.Id, "b", 1));
        Assert.Equal(1, store.GetOwnedTracksUsage(alice.Id).Tracks);
    }

    [Fact]
    public void Prepare_HashesAndTagsWithoutAStore_ThenSaveStoresWhatWasPrepared()
    {
        var path = _lib.Wav("prepared.wav", 330, seed: 2);
        var analysed = new FileAnalyzer(AudioDecoders.CreateDefault()).Analyze(path, [new MomentsAnalyzer("a", 22050)], AnalysisWindowOptions.Default);
        var addition = new LibraryAddition("Prepared", 0, MaxTracks: 5, MaxBytes: 1 << 20);

        var prepared = LibraryAdditions.Prepare(analysed, addition);

        Assert.Equal((ContentHasher.Compute(path), "Prepared"), (prepared.Track.ContentHash, prepared.Track.Title));
        Assert.Single(prepared.Analyses);
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var bob = store.CreateUser("bob", "x");
        var saved = LibraryAdditions.Save(store, prepared with { Track = prepared.Track with { OwnerUserId = bob.Id } }, addition with { OwnerUserId = bob.Id });
        Assert.Equal(prepared.Track.ContentHash, store.FindTrack(saved.Id)!.ContentHash);
        Assert.NotNull(store.FindAnalysis(saved.Id, "a", 1));
    }

    [Fact]
    public void Add_OverTheQuota_Throws_AndSavesNothing()
    {
        var first = _lib.Wav("one.wav", 440, seed: 1);
        var second = _lib.Wav("two.wav", 550, seed: 2);
        using var store = new SqliteCatalogStore(_lib.CatalogPath);
        var bob = store.CreateUser("bob", "x");
        var files = new FileAnalyzer(AudioDecoders.CreateDefault());
        var analyzer = new MomentsAnalyzer("a", 22050);
        var addition = new LibraryAddition("song", bob.Id, MaxTracks: 1, MaxBytes: 1 << 30);
        LibraryAdditions.Add(store, files.Analyze(first, [analyzer], AnalysisWindowOptions.Default), addition);

        Assert.Throws<UploadQuotaExceededException>(() =>
            LibraryAdditions.Add(store, files.Analyze(second, [analyzer], AnalysisWindowOptions.Default), addition));
        Assert.Null(store.FindTrackByPath(second));
        var tooBig = addition with { MaxTracks = 10, MaxBytes = new FileInfo(first).Length + 10 };
        Assert.Throws<UploadQuotaExceededException>(() =>
            LibraryAdditions.Add(store, files.Analyze(second, [analyzer], AnalysisWindowOptions.Default), tooBig));
        Assert.Equal(1, store.GetOwnedTracksUsage(bob.Id).Tracks);
    }
}
