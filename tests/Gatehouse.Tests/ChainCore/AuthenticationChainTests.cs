using Gatehouse.Chain;
using Gatehouse.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.ChainCore;

public sealed class AuthenticationChainTests
{
    private readonly InMemoryDirectory _users = new InMemoryDirectory()
        .With("joe", "pw", groups: "staff")
        .With("root", "pw", groups: "administrators")
        .With("gone", "pw", enabled: false);

    private readonly InMemoryTokens _tokens = new InMemoryTokens().With("good", "joe").With("disabled-users-token", "gone");

    private ServiceProvider Build(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<Gatehouse.Users.IUserDirectory>(_users).AddSingleton<Gatehouse.Tokens.ITokenService>(_tokens);
        services.AddGatehouseChain(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private Task<ChainDecision> RunAsync(AuthRequest request, Dictionary<string, string?>? settings = null) =>
        Build(settings).GetRequiredService<IAuthenticationChain>().AuthenticateAsync(request).AsTask();

    private static readonly Dictionary<string, string?> WithGuest = new() { ["Gatehouse:Plugins:ANONYMOUS_AUTH:AnonymousUser"] = "Guest" };

    [Fact]
    public async Task First_success_wins_and_resolves_the_user()
    {
        var decision = await RunAsync(Requests.Get(headers: Requests.Basic("joe", "pw")));

        Assert.Equal(DecisionKind.Allowed, decision.Kind);
        Assert.Equal(("joe", "BASIC_AUTH", false), (decision.Principal!.UserName, decision.Principal.Plugin, decision.Principal.IsAdministrator));
    }

    [Fact]
    public async Task Membership_of_the_administrators_group_makes_an_administrator()
    {
        var decision = await RunAsync(Requests.Get(headers: Requests.Basic("root", "pw")));
        Assert.True(decision.Principal!.IsAdministrator);
    }

    [Fact]
    public async Task A_failed_credential_stops_the_chain_before_anonymous()
    {
        var decision = await RunAsync(Requests.Get(headers: Requests.Basic("joe", "wrong")), WithGuest);

        Assert.Equal(DecisionKind.Unauthenticated, decision.Kind);
        Assert.Equal("BASIC_AUTH", decision.Plugin);
    }

    [Fact]
    public async Task Unknown_token_in_query_fails_and_stops_chain_before_anonymous()
    {
        var decision = await RunAsync(Requests.Get(query: "?token=nope"), WithGuest);
        Assert.Equal(("TOKEN_AUTH", DecisionKind.Unauthenticated), (decision.Plugin, decision.Kind));
    }

    [Fact]
    public async Task No_credentials_reach_anonymous_when_configured()
    {
        var decision = await RunAsync(Requests.Get(), WithGuest);
        Assert.True(decision.Principal!.IsAnonymous);
    }

    [Fact]
    public async Task No_credentials_without_anonymous_get_the_basic_challenge()
    {
        var decision = await RunAsync(Requests.Get());

        Assert.Equal(DecisionKind.Unauthenticated, decision.Kind);
        Assert.Equal("Basic realm=\"Gatehouse\"", decision.Challenge);
    }

    [Fact]
    public async Task A_chain_without_a_prompting_plugin_denies_without_challenge()
    {
        var decision = await RunAsync(Requests.Get(), new() { ["Gatehouse:Chain:Default:0"] = "TOKEN_AUTH" });
        Assert.Equal((DecisionKind.Unauthenticated, null), (decision.Kind, decision.Challenge));
    }

    [Fact]
    public async Task A_valid_token_of_a_disabled_user_is_denied()
    {
        var decision = await RunAsync(Requests.Get(headers: ("X-Authentication-Token", "disabled-users-token")));
        Assert.Equal(("disabled user", DecisionKind.Unauthenticated), (decision.Reason, decision.Kind));
    }

    [Fact]
    public async Task The_token_header_selects_the_token_only_chain()
    {
        // Basic credentials are valid, but the TokenAuth specific chain does not run BASIC_AUTH.
        var decision = await RunAsync(Requests.Get(headers: [Requests.Basic("joe", "pw"), ("X-Authentication-Token", "nope")]));
        Assert.Equal(("TOKEN_AUTH", DecisionKind.Unauthenticated), (decision.Plugin, decision.Kind));
    }

    [Fact]
    public async Task The_first_declared_specific_chain_wins()
    {
        var decision = await RunAsync(Requests.Get("/special", headers: Requests.Basic("joe", "pw")), new()
        {
            ["Gatehouse:Chain:Specific:0:UrlPatterns:0"] = "/special",
            ["Gatehouse:Chain:Specific:0:Plugins:0"] = "TOKEN_AUTH",
            ["Gatehouse:Chain:Specific:1:UrlPatterns:0"] = "/spec.*",
            ["Gatehouse:Chain:Specific:1:Plugins:0"] = "BASIC_AUTH",
        });
        Assert.Equal(DecisionKind.Unauthenticated, decision.Kind);
    }

    [Fact]
    public async Task Allowed_plugins_filter_the_default_chain_keeping_its_order()
    {
        var provider = Build(new()
        {
            ["Gatehouse:Chain:Specific:0:UrlPatterns:0"] = "/api/.*",
            ["Gatehouse:Chain:Specific:0:AllowedPlugins:0"] = "TOKEN_AUTH",
            ["Gatehouse:Chain:Specific:0:AllowedPlugins:1"] = "BASIC_AUTH",
        });
        var compiled = provider.GetRequiredService<CompiledChains>();
        Assert.Equal(["BASIC_AUTH", "TOKEN_AUTH"], compiled.Specific[0].Plugins.Select(p => p.Name));
    }

    [Theory]
    [InlineData("/public/page", "GET", DecisionKind.Open)]
    [InlineData("/public/secret/x", "GET", DecisionKind.Unauthenticated)]
    [InlineData("/public/page", "POST", DecisionKind.Unauthenticated)]
    [InlineData("/private", "GET", DecisionKind.Unauthenticated)]
    public async Task Open_urls_grant_unless_denied_and_respect_the_method(string path, string method, DecisionKind expected)
    {
        var decision = await RunAsync(Requests.Get(path, method: method), new()
        {
            ["Gatehouse:Chain:OpenUrls:0:Grant"] = "/public/.*",
            ["Gatehouse:Chain:OpenUrls:0:Deny"] = "/public/secret/.*",
            ["Gatehouse:Chain:OpenUrls:0:Method"] = "get",
        });
        Assert.Equal(expected, decision.Kind);
    }

    [Fact]
    public async Task The_shipped_defaults_leave_health_open()
    {
        Assert.Equal(DecisionKind.Open, (await RunAsync(Requests.Get("/health"))).Kind);
    }

    [Fact]
    public async Task A_storage_outage_is_unavailable_never_unauthenticated()
    {
        _users.Down = true;
        var decision = await RunAsync(Requests.Get(headers: Requests.Basic("joe", "pw")));
        Assert.Equal(DecisionKind.Unavailable, decision.Kind);
    }

    [Fact]
    public async Task A_catastrophically_backtracking_pattern_times_out_and_fails_closed()
    {
        var evil = new string('a', 40) + "!";
        var started = System.Diagnostics.Stopwatch.StartNew();
        var decision = await RunAsync(Requests.Get("/" + evil), new()
        {
            ["Gatehouse:Chain:OpenUrls:0:Grant"] = "/(a+)+",
            ["Gatehouse:Chain:RegexTimeout"] = "00:00:00.050",
        });

        Assert.Equal(DecisionKind.Unauthenticated, decision.Kind);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("Gatehouse:Chain:Default:0", "NO_SUCH_PLUGIN", "Gatehouse:Chain:Default:0")]
    [InlineData("Gatehouse:Chain:OpenUrls:0:Grant", "([unclosed", "Gatehouse:Chain:OpenUrls:0:Grant")]
    [InlineData("Gatehouse:Chain:Specific:0:UrlPatterns:0", "/x", "Gatehouse:Chain:Specific:0")]
    [InlineData("Gatehouse:Plugins:BASIC_AUTH:Realm", " ", "Gatehouse:Plugins:BASIC_AUTH:Realm")]
    public void Misconfiguration_stops_start_up_naming_the_key(string key, string value, string named)
    {
        var provider = Build(new() { [key] = value });
        var failure = Assert.ThrowsAny<OptionsValidationException>(() =>
        {
            provider.GetRequiredService<IOptions<ChainOptions>>().Value.ToString();
            provider.GetRequiredService<IOptions<BasicAuthenticatorOptions>>().Value.ToString();
        });
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }
}
