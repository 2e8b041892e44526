using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Secrets;

/// <summary>
/// Serves secrets from Azure Key Vault (SPEC §3). Each secret is loaded once, then served from memory
/// and re-read in the background every <see cref="KeyVaultSecretStoreOptions.RefreshInterval"/>
/// (stale-while-revalidate, one load in flight per secret). After a failed refresh the last loaded
/// versions keep serving; a secret never loaded fails with <see cref="DependencyUnavailableException"/>.
/// </summary>
/// <remarks>
/// Rotation: the current version is the vault's latest; which older versions stay accepted, and until
/// when, is the <see cref="RotationWindow"/>'s to say (<see cref="KeyVaultSecretStoreOptions.RotationOverlap"/>).
/// Version values never change in Key Vault, so a refresh fetches only versions it has not seen.
/// <para>
/// Logging: an unreachable vault is reported to the <c>key-vault</c> <see cref="DependencyMonitor"/>, which warns once
/// per outage; a secret the vault says is missing, or holds a value that cannot be used, is logged once per change
/// of that answer, not at every retry.
/// </para>
/// </remarks>
internal sealed partial class KeyVaultSecretStore : ISecretStore, IDisposable
{
    /// <summary>After a failure, wait this long (at most the refresh interval) before asking the vault again.</summary>
    private static readonly TimeSpan MaximumRetryDelay = TimeSpan.FromSeconds(10);

    private const string Dependency = "key-vault";

    private readonly SecretClient _client;
    private readonly KeyVaultSecretStoreOptions _options;
    private readonly RotationWindow _rotation;
    private readonly DependencyMonitor _health;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _retryDelay;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _disposed = new();

    public KeyVaultSecretStore(
        SecretClient client,
        IOptions<KeyVaultSecretStoreOptions> options,
        DependencyHealth health,
        TimeProvider time,
        ILogger<KeyVaultSecretStore> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);

        _client = client;
        _options = options.Value;
        _rotation = new RotationWindow(_options.RotationOverlap);
        _health = health.For(Dependency);
        _time = time;
        _logger = logger;
        _retryDelay = _options.RefreshInterval < MaximumRetryDelay ? _options.RefreshInterval : MaximumRetryDelay;
    }

    public ValueTask<SecretSet> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        cancellationToken.ThrowIfCancellationRequested();

        var entry = _entries.GetOrAdd(name, static n => new Entry(n));
        var now = _time.GetUtcNow();
        if (entry.Loaded is { } loaded)
        {
            if (now.UtcTicks >= entry.NextAttemptTicks)
            {
                // Stale: answer with what we have, re-read off the request path.
                _ = StartLoad(entry, now);
            }

            return ValueTask.FromResult(loaded.AcceptedAt(now));
        }

        return LoadFirstAsync(entry, now, cancellationToken);
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>The load of <paramref name="name"/> in flight, if any: lets tests wait for a background refresh.</summary>
    internal Task PendingLoad(string name)
    {
        if (_entries.TryGetValue(name, out var entry))
        {
            lock (entry.Gate)
            {
                return entry.InFlight ?? Task.CompletedTask;
            }
        }

        return Task.CompletedTask;
    }

    private async ValueTask<SecretSet> LoadFirstAsync(Entry entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Concurrent first requests share one load; a caller giving up does not cancel it for the others.
        var load = StartLoad(entry, now);
        if (load is not null)
        {
            await load.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return entry.Loaded?.AcceptedAt(_time.GetUtcNow()) ?? throw Unavailable(entry);
    }

    private static DependencyUnavailableException Unavailable(Entry entry)
    {
        var message = $"Secret '{entry.Name}' has not been loaded from Key Vault.";
        return entry.LastFailure is { } failure
            ? new DependencyUnavailableException(message, failure) { Dependency = Dependency }
            : new DependencyUnavailableException(message) { Dependency = Dependency };
    }

    /// <summary>The load in flight, a new one when due, or null while a failed load is cooling down.</summary>
    private Task? StartLoad(Entry entry, DateTimeOffset now)
    {
        lock (entry.Gate)
        {
            if (entry.InFlight is null && now.UtcTicks >= entry.NextAttemptTicks)
            {
                // Task.Run: nothing of the load runs under the lock or on the caller's stack.
                entry.InFlight = Task.Run(() => LoadAsync(entry));
            }

            return entry.InFlight;
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Any failure of a load (vault, network, credential) means: keep the last versions and retry later.")]
    private async Task LoadAsync(Entry entry)
    {
        using var activity = GatehouseTelemetry.Source.StartActivity("gatehouse.vault");
        activity?.SetTag("gatehouse.secret", entry.Name);
        var known = entry.Loaded;
        try
        {
            var fetched = await FetchAsync(entry.Name, known, _disposed.Token).ConfigureAwait(false);
            _health.Answered();
            if (fetched.Rejected is { } rejected)
            {
                // The vault answered with a value that must not be used: keep what we had, as after an outage.
                Failed(entry, new InvalidOperationException($"Key Vault secret '{entry.Name}' version {rejected.Version} {rejected.Reason}."));
                if (entry.Report($"rejected {rejected.Version}"))
                {
                    LogVersionRejected(_logger, entry.Name, rejected.Version, rejected.Reason);
                }

                return;
            }

            var loaded = fetched.Loaded!;
            entry.Loaded = loaded;
            entry.LastFailure = null;
            entry.Report(problem: null);
            entry.NextAttemptTicks = (loaded.LoadedAt + _options.RefreshInterval).UtcTicks;
            if (known is null || !known.SameVersionsAs(loaded))
            {
                LogSecretLoaded(_logger, entry.Name, loaded.Current.Version, loaded.Previous.Count);
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The store is being disposed with the host: nothing to report.
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // The vault says the secret is gone (deleted, or never created): an answer, not an outage,
            // so stop serving what we had and fail closed.
            _health.Answered();
            entry.Loaded = null;
            Failed(entry, exception);
            if (entry.Report("not found"))
            {
                LogSecretNotFound(_logger, entry.Name);
            }
        }
        catch (Exception exception)
        {
            Failed(entry, exception);
            _health.Failed(exception);
            if (known is null)
            {
                LogLoadFailed(_logger, entry.Name);
            }
            else
            {
                LogRefreshFailed(_logger, entry.Name, known.Current.Version, known.LoadedAt);
            }
        }
        finally
        {
            lock (entry.Gate)
            {
                entry.InFlight = null;
            }
        }
    }

    private void Failed(Entry entry, Exception exception)
    {
        entry.LastFailure = exception;
        entry.NextAttemptTicks = (_time.GetUtcNow() + _retryDelay).UtcTicks;
    }

    private async Task<Fetched> FetchAsync(string name, Loaded? known, CancellationToken cancellationToken)
    {
        KeyVaultSecret secret = await _client.GetSecretAsync(name, version: null, cancellationToken).ConfigureAwait(false);
        if (SecretValueRules.Check(name, secret.Value) is { } reason)
        {
            return new Fetched(null, (secret.Properties.Version, reason));
        }

        var current = new SecretVersion(secret.Properties.Version, secret.Value);
        var previous = await FetchPreviousAsync(name, secret.Properties, known, cancellationToken).ConfigureAwait(false);
        return new Fetched(new Loaded(current, previous, _time.GetUtcNow()), null);
    }

    private async Task<List<AcceptedVersion>> FetchPreviousAsync(
        string name, SecretProperties current, Loaded? known, CancellationToken cancellationToken)
    {
        var accepted = new List<AcceptedVersion>();
        if (!_rotation.KeepsPreviousVersions || current.CreatedOn is not { } currentCreated)
        {
            return accepted;
        }

        var listed = new List<ListedVersion>();
        await foreach (var version in _client.GetPropertiesOfSecretVersionsAsync(name, cancellationToken).ConfigureAwait(false))
        {
            if (version.CreatedOn is { } created)
            {
                listed.Add(new ListedVersion(version.Version, created, version.Enabled == true, version.NotBefore, version.ExpiresOn));
            }
        }

        foreach (var (version, acceptedUntil) in _rotation.PreviousAccepted(current.Version, currentCreated, listed, _time.GetUtcNow()))
        {
            var value = known?.ValueOf(version) ?? await FetchVersionAsync(name, version, cancellationToken).ConfigureAwait(false);
            if (value is null)
            {
                continue;
            }

            if (SecretValueRules.Check(name, value) is { } reason)
            {
                LogVersionRejected(_logger, name, version, reason);
                continue;
            }

            accepted.Add(new AcceptedVersion(new SecretVersion(version, value), acceptedUntil));
        }

        return accepted;
    }

    private async Task<string?> FetchVersionAsync(string name, string version, CancellationToken cancellationToken)
    {
        try
        {
            KeyVaultSecret secret = await _client.GetSecretAsync(name, version, cancellationToken).ConfigureAwait(false);
            return secret.Value;
        }
        catch (RequestFailedException exception) when (exception.Status is 403 or 404)
        {
            // Disabled or deleted since it was listed: no longer accepted.
            return null;
        }
    }

    [LoggerMessage(EventId = LogEvents.SecretLoaded, EventName = nameof(LogEvents.SecretLoaded), Level = LogLevel.Information,
        Message = "Secret {SecretName} loaded from Key Vault: current version {Version}, {PreviousCount} previous version(s) accepted")]
    private static partial void LogSecretLoaded(ILogger logger, string secretName, string version, int previousCount);

    // Debug, without the exception: the key-vault monitor warns once per outage with its cause.
    [LoggerMessage(EventId = LogEvents.LoadFailed, EventName = nameof(LogEvents.LoadFailed), Level = LogLevel.Debug,
        Message = "Secret {SecretName} could not be loaded from Key Vault; features needing it are unavailable until it loads")]
    private static partial void LogLoadFailed(ILogger logger, string secretName);

    [LoggerMessage(EventId = LogEvents.RefreshFailed, EventName = nameof(LogEvents.RefreshFailed), Level = LogLevel.Debug,
        Message = "Secret {SecretName} could not be refreshed from Key Vault; still serving version {Version} loaded at {LoadedAt:o}")]
    private static partial void LogRefreshFailed(ILogger logger, string secretName, string version, DateTimeOffset loadedAt);

    [LoggerMessage(EventId = LogEvents.SecretNotFound, EventName = nameof(LogEvents.SecretNotFound), Level = LogLevel.Warning,
        Message = "Secret {SecretName} was not found in Key Vault; features needing it are unavailable")]
    private static partial void LogSecretNotFound(ILogger logger, string secretName);

    [LoggerMessage(EventId = LogEvents.VersionRejected, EventName = nameof(LogEvents.VersionRejected), Level = LogLevel.Warning,
        Message = "Secret {SecretName} version {Version} is not accepted: it {Reason}")]
    private static partial void LogVersionRejected(ILogger logger, string secretName, string version, string reason);

    /// <summary>One secret's cache: the loaded versions, the load in flight, when to ask the vault next.</summary>
    private sealed class Entry(string name)
    {
        private long _nextAttemptTicks;
        private volatile Loaded? _loaded;
        private volatile Exception? _lastFailure;
        private string? _problem;

        public string Name { get; } = name;

        public Lock Gate { get; } = new();

        /// <summary>Guarded by <see cref="Gate"/>.</summary>
        public Task? InFlight { get; set; }

        public Loaded? Loaded
        {
            get => _loaded;
            set => _loaded = value;
        }

        public Exception? LastFailure
        {
            get => _lastFailure;
            set => _lastFailure = value;
        }

        /// <summary>Records the vault's latest complaint about this secret (null: none); true when it differs from the previous one.</summary>
        /// <remarks>Called by the one load in flight only.</remarks>
        public bool Report(string? problem)
        {
            var changed = !string.Equals(_problem, problem, StringComparison.Ordinal);
            _problem = problem;
            return changed;
        }

        /// <summary>UTC ticks; read on the request path without the lock, hence a 64-bit atomic.</summary>
        public long NextAttemptTicks
        {
            get => Volatile.Read(ref _nextAttemptTicks);
            set => Volatile.Write(ref _nextAttemptTicks, value);
        }
    }

    private sealed record AcceptedVersion(SecretVersion Version, DateTimeOffset AcceptedUntil);

    /// <summary>What the vault answered: the versions to serve, or why its current version cannot be served.</summary>
    private sealed record Fetched(Loaded? Loaded, (string Version, string Reason)? Rejected);

    /// <summary>What one load found; immutable, swapped whole.</summary>
    private sealed class Loaded
    {
        private readonly SecretSet _set;
        private readonly DateTimeOffset _firstRetirement;

        public Loaded(SecretVersion current, IReadOnlyList<AcceptedVersion> previous, DateTimeOffset loadedAt)
        {
            Current = current;
            Previous = previous;
            LoadedAt = loadedAt;
            _set = new SecretSet(current, previous.Select(p => p.Version).ToArray());
            _firstRetirement = previous.Count == 0 ? DateTimeOffset.MaxValue : previous.Min(p => p.AcceptedUntil);
        }

        public SecretVersion Current { get; }

        public IReadOnlyList<AcceptedVersion> Previous { get; }

        public DateTimeOffset LoadedAt { get; }

        /// <summary>The versions accepted at <paramref name="now"/>: an overlap can end between refreshes.</summary>
        public SecretSet AcceptedAt(DateTimeOffset now) => now < _firstRetirement
            ? _set
            : new SecretSet(Current, Previous.Where(p => now < p.AcceptedUntil).Select(p => p.Version).ToArray());

        public string? ValueOf(string version) =>
            string.Equals(Current.Version, version, StringComparison.Ordinal)
                ? Current.Value
                : Previous.FirstOrDefault(p => string.Equals(p.Version.Version, version, StringComparison.Ordinal))?.Version.Value;

        public bool SameVersionsAs(Loaded other) =>
            string.Equals(Current.Version, other.Current.Version, StringComparison.Ordinal)
            && Previous.Select(p => p.Version.Version).SequenceEqual(other.Previous.Select(p => p.Version.Version), StringComparer.Ordinal);
    }
}
