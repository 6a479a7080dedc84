using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Timbre.Core.Catalog;

namespace Timbre.App.Tests.Support;

/// <summary>
/// A real catalog store behind a recorder: every call is forwarded and logged (method, arguments, result), so a test
/// can count what a journey asks of the store and check the arguments it passes.
/// </summary>
public class RecordingStore : DispatchProxy
{
    private ICatalogStore _inner = null!;
    private Func<RecordingStore, string, object?[], object?>? _override;

    /// <summary>The calls so far, in order.</summary>
    public ConcurrentQueue<StoreCall> Calls { get; } = new();

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="override"/> may answer a call itself (return non-null).</summary>
    public static (ICatalogStore Store, RecordingStore Recorder) Wrap(ICatalogStore inner, Func<RecordingStore, string, object?[], object?>? @override = null)
    {
        var store = Create<ICatalogStore, RecordingStore>();
        var recorder = (RecordingStore)(object)store;
        recorder._inner = inner;
        recorder._override = @override;
        return (store, recorder);
    }

    /// <summary>The store being recorded.</summary>
    public ICatalogStore Inner => _inner;

    /// <summary>Calls of <paramref name="method"/>.</summary>
    public IReadOnlyList<StoreCall> Of(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>Forgets the calls so far.</summary>
    public void Clear() => Calls.Clear();

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = targetMethod!;
        args ??= [];
        try
        {
            var result = _override?.Invoke(this, method.Name, args) ?? method.Invoke(_inner, args);
            Calls.Enqueue(new StoreCall(method, args, result));
            return result;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}

/// <summary>One recorded store call.</summary>
public sealed record StoreCall(MethodInfo Target, object?[] Args, object? Result)
{
    /// <summary>The method's name.</summary>
    public string Method => Target.Name;

    /// <summary>The argument passed for the parameter named <paramref name="name"/>.</summary>
    public object? Arg(string name) => Args[Array.FindIndex(Target.GetParameters(), p => p.Name == name)];
}
