using System.Collections.Concurrent;
using Gatehouse.Users;

namespace Gatehouse.Tests.Fakes;

/// <summary>An in-memory user directory that counts its calls and can simulate an outage.</summary>
public sealed class FakeUserDirectory : IUserDirectory
{
    private readonly ConcurrentDictionary<string, (User User, string Password)> _users = new(StringComparer.OrdinalIgnoreCase);
    private int _getCalls;
    private int _verifyCalls;

    public int GetCalls => _getCalls;

    public int VerifyCalls => _verifyCalls;

    /// <summary>The client address the last password check was made for.</summary>
    public System.Net.IPAddress? LastClient { get; private set; }

    /// <summary>When set, every call throws <see cref="DependencyUnavailableException"/>.</summary>
    public bool Unavailable { get; set; }

    /// <summary>When set, updates throw <see cref="ConcurrentChangeException"/>, as a store that lost every ETag race does.</summary>
    public bool Contended { get; set; }

    /// <summary>When set, <see cref="GetAsync"/> reads, then waits for it before answering.</summary>
    public TaskCompletionSource? GetGate { get; set; }

    /// <summary>When set, <see cref="VerifyPasswordAsync"/> checks, then waits for it before answering.</summary>
    public TaskCompletionSource? VerifyGate { get; set; }

    public FakeUserDirectory Add(string userName, string password, string? email = null, bool enabled = true, params string[] groups)
    {
        _users[userName] = (new User(userName, email, null, null, null, groups, enabled), password);
        return this;
    }

    public async ValueTask<User?> GetAsync(string userName, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _getCalls);
        ThrowIfUnavailable();

        // Read first, answer later: like storage, the answer may be stale by the time it arrives.
        var user = _users.TryGetValue(userName, out var entry) ? entry.User : null;
        if (GetGate is { } gate)
        {
            await gate.Task;
        }

        return user;
    }

    public ValueTask<User?> FindByLoginAsync(string login, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        return ValueTask.FromResult(Find(login)?.User);
    }

    public async ValueTask<PasswordCheck> VerifyPasswordAsync(string login, string password, AttemptClient client = default, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _verifyCalls);
        ThrowIfUnavailable();
        LastClient = client.Resolve();
        var entry = Find(login);
        var check = entry is not { } found ? PasswordCheck.Refused()
            : found.Password == password ? PasswordCheck.Verified(found.User)
            : PasswordCheck.Refused(found.User);
        if (VerifyGate is { } gate)
        {
            await gate.Task;
        }

        return check;
    }

    public Task<bool> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        return Task.FromResult(_users.TryAdd(user.UserName, (new User(user.UserName, user.Email, user.FirstName, user.LastName, user.Company, user.Groups ?? [], user.Enabled), user.Password)));
    }

    public async Task<UserUpdateResult> UpdateAsync(string userName, UserUpdate update, CancellationToken cancellationToken = default)
    {
        if (Contended)
        {
            throw new ConcurrentChangeException($"User '{userName}' kept changing while being updated; try again.");
        }

        static string? Merge(string? current, string? value) => value is null ? current : value.Length == 0 ? null : value;
        var found = await Update(userName, entry => (entry.User with
        {
            Email = Merge(entry.User.Email, update.Email),
            FirstName = Merge(entry.User.FirstName, update.FirstName),
            LastName = Merge(entry.User.LastName, update.LastName),
            Company = Merge(entry.User.Company, update.Company),
            Groups = (update.Groups ?? entry.User.Groups).Concat(update.JoinGroups ?? []).Except(update.LeaveGroups ?? [], StringComparer.OrdinalIgnoreCase).ToArray(),
            Enabled = update.Enabled ?? entry.User.Enabled,
        }, string.IsNullOrEmpty(update.Password) ? entry.Password : update.Password));
        return found ? UserUpdateResult.Updated : UserUpdateResult.NotFound;
    }

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        return Task.FromResult<IReadOnlyList<User>>(_users.Values.Select(entry => entry.User).OrderBy(user => user.UserName, StringComparer.OrdinalIgnoreCase).ToList());
    }

    public Task<bool> SetEnabledAsync(string userName, bool enabled, CancellationToken cancellationToken = default) =>
        Update(userName, entry => (entry.User with { Enabled = enabled }, entry.Password));

    public Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken = default) =>
        Update(userName, entry => (entry.User, password));

    public Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken = default)
    {
        ThrowIfUnavailable();
        return Task.FromResult(_users.TryRemove(userName, out _));
    }

    private Task<bool> Update(string userName, Func<(User User, string Password), (User, string)> change)
    {
        ThrowIfUnavailable();
        if (!_users.TryGetValue(userName, out var entry))
        {
            return Task.FromResult(false);
        }

        _users[userName] = change(entry);
        return Task.FromResult(true);
    }

    private (User User, string Password)? Find(string login) =>
        _users.TryGetValue(login, out var byName) ? byName
        : _users.Values.Where(u => string.Equals(u.User.Email, login, StringComparison.OrdinalIgnoreCase)).Select(u => ((User, string)?)u).FirstOrDefault();

    private void ThrowIfUnavailable()
    {
        if (Unavailable)
        {
            throw new DependencyUnavailableException("table storage down") { Dependency = "storage" };
        }
    }
}
