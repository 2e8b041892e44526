using System.Collections.Concurrent;
using Gatehouse.Tokens;

namespace Gatehouse.Tests.Fakes;

/// <summary>
/// An in-memory token service: tokens are <c>gh_</c> + a counter (anything else is Malformed), expiry is
/// judged on the given clock. Counts lookups and can hold them at a gate or simulate an outage.
/// </summary>
public sealed class FakeTokenService(TimeProvider time) : ITokenService
{
    private readonly ConcurrentDictionary<string, TokenBinding> _bindings = new(StringComparer.Ordinal);
    private int _validateCalls;
    private int _next;

    public FakeTokenService()
        : this(TimeProvider.System)
    {
    }

    public int ValidateCalls => _validateCalls;

    public bool Unavailable { get; set; }

    /// <summary>When set, lookups read, then wait for it before answering.</summary>
    public TaskCompletionSource? ValidateGate { get; set; }

    /// <summary>Issues a token directly (test arrangement).</summary>
    public string Issue(string userName, string permission = "ReadWrite", DateTimeOffset? expiresAt = null, string application = "app", string? device = null)
    {
        var n = Interlocked.Increment(ref _next);
        var token = $"gh_{n:D8}";
        _bindings[token] = new TokenBinding($"id-{n}", userName, application, device ?? $"device-{n}", null, permission, time.GetUtcNow(), expiresAt, null);
        return token;
    }

    public Task<IssuedToken> AcquireAsync(TokenRequest request, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        var existing = _bindings.FirstOrDefault(b => Same(b.Value, request.UserName, request.ApplicationName, request.DeviceId));
        if (existing.Key is not null)
        {
            return Task.FromResult(new IssuedToken(existing.Key, existing.Value, false));
        }

        var token = Issue(request.UserName, request.Permission, null, request.ApplicationName, request.DeviceId);
        return Task.FromResult(new IssuedToken(token, _bindings[token], true));
    }

    /// <summary>Registers a binding under a token chosen by the test (e.g. one looked up before it existed).</summary>
    public void Put(string token, string userName)
    {
        var n = Interlocked.Increment(ref _next);
        _bindings[token] = new TokenBinding($"id-{n}", userName, "app", $"device-{n}", null, "ReadWrite", time.GetUtcNow(), null, null);
    }

    public async ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _validateCalls);
        ThrowIfUnavailable();

        // Read first, answer later: like storage, the answer may be stale by the time it arrives.
        var validation = Lookup(token);
        if (ValidateGate is { } gate)
        {
            await gate.Task;
        }

        return validation;
    }

    private TokenValidation Lookup(string token)
    {
        if (!token.StartsWith("gh_", StringComparison.Ordinal) && !TokenFormat.IsWellFormed(token))
        {
            return TokenValidation.Malformed;
        }

        if (!_bindings.TryGetValue(token, out var binding))
        {
            return TokenValidation.Unknown;
        }

        return binding.ExpiresAt is { } expiresAt && expiresAt <= time.GetUtcNow()
            ? new TokenValidation(TokenStatus.Expired, binding)
            : new TokenValidation(TokenStatus.Valid, binding);
    }

    public Task<bool> RevokeAsync(string userName, string applicationName, string deviceId, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        var match = _bindings.FirstOrDefault(b => Same(b.Value, userName, applicationName, deviceId));
        return Task.FromResult(match.Key is not null && _bindings.TryRemove(match.Key, out _));
    }

    public Task<bool> RevokeByIdAsync(string userName, string id, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        var match = _bindings.FirstOrDefault(b => b.Value.Id == id && string.Equals(b.Value.UserName, userName, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(match.Key is not null && _bindings.TryRemove(match.Key, out _));
    }

    public Task<int> RevokeAllAsync(string userName, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        var mine = _bindings.Where(b => string.Equals(b.Value.UserName, userName, StringComparison.OrdinalIgnoreCase)).Select(b => b.Key).ToList();
        return Task.FromResult(mine.Count(token => _bindings.TryRemove(token, out _)));
    }

    public Task<IReadOnlyList<TokenBinding>> ListAsync(string userName, string? applicationName = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<TokenBinding>>(_bindings.Values
            .Where(b => string.Equals(b.UserName, userName, StringComparison.OrdinalIgnoreCase) && (applicationName is null || b.ApplicationName == applicationName))
            .OrderByDescending(b => b.CreationDate)
            .ToList());

    public Task<TokenBinding?> GetByIdAsync(string userName, string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_bindings.Values.FirstOrDefault(b => b.Id == id && string.Equals(b.UserName, userName, StringComparison.OrdinalIgnoreCase)));

    public Task<IssuedToken?> ReissueAsync(string userName, string id, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        var match = _bindings.FirstOrDefault(b => b.Value.Id == id && string.Equals(b.Value.UserName, userName, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(match.Key is null ? null : new IssuedToken(match.Key, match.Value, Created: false));
    }

    public async Task<TokenRenewal> RenewAsync(string userName, string id, CancellationToken cancellationToken = default) =>
        await GetByIdAsync(userName, id, cancellationToken) is { } binding ? TokenRenewal.Renewed(binding) : TokenRenewal.NotFound;

    public TokenBinding BindingOf(string token) => _bindings[token];

    private static bool Same(TokenBinding binding, string userName, string applicationName, string deviceId) =>
        string.Equals(binding.UserName, userName, StringComparison.OrdinalIgnoreCase) && binding.ApplicationName == applicationName && binding.DeviceId == deviceId;

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new DependencyUnavailableException("table storage down") { Dependency = "storage" };
        }
    }
}
