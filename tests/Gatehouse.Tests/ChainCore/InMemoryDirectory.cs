using Gatehouse.Tokens;
using Gatehouse.Users;

namespace Gatehouse.Tests.ChainCore;

/// <summary>An in-memory user directory for chain unit tests; counts calls so tests can prove what ran.</summary>
internal sealed class InMemoryDirectory : IUserDirectory
{
    private readonly Dictionary<string, (User User, string Password)> _users = new(StringComparer.OrdinalIgnoreCase);

    public int Verifications { get; private set; }

    public bool Down { get; set; }

    public InMemoryDirectory With(string name, string password, bool enabled = true, string? email = null, params string[] groups)
    {
        _users[name] = (new User(name, email, "First", "Last", null, groups, enabled), password);
        return this;
    }

    public ValueTask<User?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        return ValueTask.FromResult(_users.TryGetValue(userName, out var entry) ? entry.User : null);
    }

    public ValueTask<User?> FindByLoginAsync(string login, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        return ValueTask.FromResult(_users.Values.Select(e => e.User).FirstOrDefault(u =>
            string.Equals(u.UserName, login, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Email, login, StringComparison.OrdinalIgnoreCase)));
    }

    public async ValueTask<User?> VerifyPasswordAsync(string login, string password, CancellationToken cancellationToken = default)
    {
        Verifications++;
        var user = await FindByLoginAsync(login, cancellationToken);
        return user is not null && _users[user.UserName].Password == password ? user : null;
    }

    public Task<bool> CreateAsync(NewUser user, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> SetEnabledAsync(string userName, bool enabled, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    private void ThrowIfDown()
    {
        if (Down)
        {
            throw new DependencyUnavailableException("down") { Dependency = "storage" };
        }
    }
}

/// <summary>An in-memory token service: tokens are whatever strings the test registers.</summary>
internal sealed class InMemoryTokens : ITokenService
{
    private readonly Dictionary<string, TokenValidation> _tokens = new(StringComparer.Ordinal);

    public int Lookups { get; private set; }

    public InMemoryTokens With(string token, string user, string permission = "ReadWrite", TokenStatus status = TokenStatus.Valid)
    {
        _tokens[token] = new TokenValidation(status, new TokenBinding("id-" + token, user, "app", "device", null, permission, DateTimeOffset.UnixEpoch, null, null));
        return this;
    }

    public ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        Lookups++;
        return ValueTask.FromResult(_tokens.TryGetValue(token, out var validation) ? validation : TokenValidation.Unknown);
    }

    public Task<IssuedToken> AcquireAsync(TokenRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> RevokeAsync(string userName, string applicationName, string deviceId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> RevokeByIdAsync(string userName, string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<TokenBinding>> ListAsync(string userName, string? applicationName = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<TokenBinding?> GetByIdAsync(string userName, string id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
