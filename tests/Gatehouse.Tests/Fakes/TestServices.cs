using Gatehouse.Audit;
using Gatehouse.Caching;
using Gatehouse.Chain;
using Gatehouse.Mfa;
using Gatehouse.Plugins;
using Gatehouse.Regulation;
using Gatehouse.Secrets;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Tests.Fakes;

/// <summary>
/// The chain's services as the app wires them (<see cref="GatehouseAboveStorage.AddGatehouseAboveStorage"/>),
/// over in-memory fakes for storage (the revocation feed too), secrets and the clock.
/// </summary>
public sealed class TestServices : IDisposable
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private TestServices(IDictionary<string, string?> configuration, Action<IServiceCollection>? configure, DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        Tokens = new FakeTokenService(Time);
        Nonces = new FakeNonceStore(Time);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        AddFakesTo(services);
        configure?.Invoke(services);
        services.AddGatehouseAboveStorage(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        Provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; }

    public FakeUserDirectory Users { get; } = new();

    public FakeGroupDirectory Groups { get; } = new();

    public FakeTokenService Tokens { get; }

    public FakeSecretStore Secrets { get; } = new();

    public FakeNonceStore Nonces { get; }

    public FakeBanStore Bans { get; } = new();

    internal FakeSecondFactorStore SecondFactors { get; } = new();
    internal FakeRevocationFeed Feed { get; } = new();

    public FakeAuditSink Audit { get; } = new();

    public FakeAuditStore AuditStore { get; } = new();

    public CollectingLoggerProvider Logs { get; } = new();

    public ServiceProvider Provider { get; }

    public IAuthenticationChain Chain => Provider.GetRequiredService<IAuthenticationChain>();

    public static TestServices Create(params string[] settings) => Create(null, settings);

    /// <summary>Settings are <c>key=value</c> configuration entries (an empty value, <c>key=</c>, is an empty list).</summary>
    public static TestServices Create(Action<IServiceCollection>? configure, params string[] settings) => CreateAt(Start, configure, settings);

    /// <summary>Services whose clock starts at <paramref name="start"/>.</summary>
    public static TestServices CreateAt(DateTimeOffset start, Action<IServiceCollection>? configure, params string[] settings) =>
        new(settings.Select(s => s.Split('=', 2)).ToDictionary(kv => kv[0], kv => (string?)kv[1]), configure, start);

    /// <summary>Registers these fakes as the clock, storage and secrets of another container (e.g. a test web app).</summary>
    public void AddFakesTo(IServiceCollection services)
    {
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IUserDirectory>(Users);
        services.AddSingleton<IGroupDirectory>(Groups);
        services.AddSingleton<ITokenService>(Tokens);
        services.AddSingleton<ISecretStore>(Secrets);
        services.AddSingleton<INonceStore>(Nonces);
        services.AddSingleton<IBanStore>(Bans);
        services.AddSingleton<ISecondFactorStore>(SecondFactors);
        services.AddSingleton<IRevocationFeed>(Feed);
        services.AddSingleton<IAuditSink>(Audit);
        services.AddSingleton<IAuditStore>(AuditStore);
    }

    public IAuthenticator Plugin(string name) => Provider.GetRequiredKeyedService<IAuthenticator>(name);

    /// <summary>What the host does at start with <c>ValidateOnStart</c>.</summary>
    public void ValidateOnStart() => Provider.GetRequiredService<IStartupValidator>().Validate();

    public void Dispose() => Provider.Dispose();
}
