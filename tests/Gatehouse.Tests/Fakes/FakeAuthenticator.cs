using Gatehouse.Chain;

namespace Gatehouse.Tests.Fakes;

/// <summary>A plugin with a scripted answer that counts how often the chain asked it.</summary>
public class FakeAuthenticator(string name, Func<AuthRequest, AuthResult> answer) : IAuthenticator
{
    private int _calls;

    public FakeAuthenticator(string name, AuthResult result)
        : this(name, _ => result)
    {
    }

    public string Name => name;

    public int Calls => _calls;

    public ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(answer(request));
    }

    public static FakeAuthenticator Succeeding(string name, string user, string? permission = null) =>
        new(name, AuthResult.Success(new Identity(user, name, permission)));

    public static FakeAuthenticator Failing(string name, string reason = "bad credential") => new(name, AuthResult.Fail(reason));

    public static FakeAuthenticator Silent(string name) => new(name, AuthResult.NoResult());

    public static FakeAuthenticator Throwing(string name) =>
        new(name, _ => throw new DependencyUnavailableException("down") { Dependency = "key-vault" });
}

/// <summary>A silent plugin that prompts with a fixed challenge (or not at all when it is null).</summary>
public sealed class FakePromptingAuthenticator(string name, string? challenge) : FakeAuthenticator(name, AuthResult.NoResult()), IPromptingAuthenticator
{
    public string? GetChallenge(AuthRequest request) => challenge;
}
