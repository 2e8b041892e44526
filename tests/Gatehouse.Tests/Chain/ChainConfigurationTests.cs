using Gatehouse.Caching;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tokens;
using Gatehouse.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Chain;

public sealed class ChainConfigurationTests
{
    private const string Chain = "Gatehouse:Chain";
    private const string Plugins = "Gatehouse:Plugins";

    /// <summary>Each row: the settings, then the key the start-up failure must name.</summary>
    public static TheoryData<string[], string> Misconfigurations => new()
    {
        { [$"{Chain}:Default:0=NOPE_AUTH"], $"{Chain}:Default:0" },
        { [$"{Chain}:Default:0=basic_auth"], $"{Chain}:Default:0" },
        { [$"{Chain}:Default="], $"{Chain}:Default" },
        { [$"{Chain}:Default:0=BASIC_AUTH", $"{Chain}:Default:1=BASIC_AUTH"], $"{Chain}:Default:1" },
        { [$"{Chain}:Specific:0:Name=A", $"{Chain}:Specific:0:UrlPatterns:0=/a", $"{Chain}:Specific:0:Plugins:0=BASIC_AUTH", $"{Chain}:Specific:1:Name=B", $"{Chain}:Specific:1:UrlPatterns:0=([", $"{Chain}:Specific:1:Plugins:0=BASIC_AUTH"], $"{Chain}:Specific:1:UrlPatterns:0" },
        { [$"{Chain}:Specific:0:Name=A", $"{Chain}:Specific:0:UrlPatterns:0=a)|(b", $"{Chain}:Specific:0:Plugins:0=BASIC_AUTH"], $"{Chain}:Specific:0:UrlPatterns:0" },
        { [$"{Chain}:Specific:0:Name=A", $"{Chain}:Specific:0:Headers:X-Client=*", $"{Chain}:Specific:0:Plugins:0=BASIC_AUTH"], $"{Chain}:Specific:0:Headers:X-Client" },
        { [$"{Chain}:Specific:0:Name=A", $"{Chain}:Specific:0:UrlPatterns:0=/a", $"{Chain}:Specific:0:Plugins:0=BASIC_AUTH", $"{Chain}:Specific:0:AllowedPlugins:0=BASIC_AUTH"], $"{Chain}:Specific:0:Plugins" },
        { [$"{Chain}:Specific:0:Name=A", $"{Chain}:Specific:0:UrlPatterns:0=/a"], $"{Chain}:Specific:0:Plugins" },
        { [$"{Chain}:Specific:0:Name=A", $"{Chain}:Specific:0:UrlPatterns:0=/a", $"{Chain}:Specific:0:Plugins="], $"{Chain}:Specific:0:Plugins" },
        { [$"{Chain}:Specific:0:Name=A", $"{Chain}:Specific:0:UrlPatterns:0=/a", $"{Chain}:Specific:0:Plugins:0=PORTAL"], $"{Chain}:Specific:0:Plugins:0" },
        { [$"{Chain}:Specific:0:Name=A", $"{Chain}:Specific:0:UrlPatterns:0=/a", $"{Chain}:Specific:0:AllowedPlugins:0=PORTAL_AUTH"], $"{Chain}:Specific:0:AllowedPlugins" },
        { [$"{Chain}:Specific:0:Name=A", $"{Chain}:Specific:0:Plugins:0=BASIC_AUTH"], $"{Chain}:Specific:0" },
        { [$"{Chain}:Specific:0:UrlPatterns:0=/a", $"{Chain}:Specific:0:Plugins:0=BASIC_AUTH"], $"{Chain}:Specific:0:Name" },
        { [$"{Chain}:OpenUrls:0:Grant=/ok", $"{Chain}:OpenUrls:1:Grant=[z-a]"], $"{Chain}:OpenUrls:1:Grant" },
        { [$"{Chain}:OpenUrls:0:Grant=/ok", $"{Chain}:OpenUrls:0:Deny=(?<"], $"{Chain}:OpenUrls:0:Deny" },
        { [$"{Chain}:OpenUrls:0:Deny=/x"], $"{Chain}:OpenUrls:0:Grant" },
        { [$"{Chain}:OpenUrls:0:Grant=/x", $"{Chain}:OpenUrls:0:Method=GET /"], $"{Chain}:OpenUrls:0:Method" },
        { [$"{Chain}:RegexTimeout=fast"], $"{Chain}:RegexTimeout" },
        { [$"{Chain}:RegexTimeout=00:00:00"], $"{Chain}:RegexTimeout" },
        { [$"{Chain}:Default:0=PROXY_AUTH"], $"{Plugins}:PROXY_AUTH:TrustedProxies" },
        { [$"{Plugins}:PROXY_AUTH:TrustedProxies:0=10.0.0.0/33"], $"{Plugins}:PROXY_AUTH:TrustedProxies:0" },
        { [$"{Plugins}:PROXY_AUTH:UsernameUnwantedPartExpression=(unclosed"], $"{Plugins}:PROXY_AUTH:UsernameUnwantedPartExpression" },
        { [$"{Plugins}:PROXY_AUTH:SharedSecretHeader=X-Secret"], $"{Plugins}:PROXY_AUTH:SharedSecret" },
        { [$"{Plugins}:PROXY_AUTH:SharedSecretHeader=X-Secret", $"{Plugins}:PROXY_AUTH:SharedSecret=short"], $"{Plugins}:PROXY_AUTH:SharedSecret" },
        { [$"{Plugins}:PROXY_AUTH:UseForwardedFor=yes"], $"{Plugins}:PROXY_AUTH:UseForwardedFor" },
        { [$"{Plugins}:PORTAL_AUTH:DigestAlgorithm=SHA-3"], $"{Plugins}:PORTAL_AUTH:DigestAlgorithm" },
        { [$"{Plugins}:PORTAL_AUTH:MaxAge=an hour"], $"{Plugins}:PORTAL_AUTH:MaxAge" },
        { [$"{Plugins}:PORTAL_AUTH:MaxAge=0"], $"{Plugins}:PORTAL_AUTH:MaxAge" },
        { [$"{Plugins}:PORTAL_AUTH:ClockSkew=-1"], $"{Plugins}:PORTAL_AUTH:ClockSkew" },
        { [$"{Plugins}:BASIC_AUTH:Realm=evil\r\nSet-Cookie: x=y"], $"{Plugins}:BASIC_AUTH:Realm" },
        { [$"{Plugins}:BASIC_AUTH:PromptUrls:0=authentication"], $"{Plugins}:BASIC_AUTH:PromptUrls:0" },
        { [$"{Plugins}:TOKEN_AUTH:FromHeader=false", $"{Plugins}:TOKEN_AUTH:FromQuery=false", $"{Plugins}:TOKEN_AUTH:FromCookie=false", $"{Plugins}:TOKEN_AUTH:FromBearer=false"], $"{Plugins}:TOKEN_AUTH" },
        { ["Gatehouse:Users:AdministratorsGroup= "], "Gatehouse:Users:AdministratorsGroup" },
        { ["Gatehouse:Cache:TokenTtl=00:05:01"], "Gatehouse:Cache:TokenTtl" },
        { ["Gatehouse:Cache:NegativeTtl=-00:00:01"], "Gatehouse:Cache:NegativeTtl" },
        { ["Gatehouse:Cache:CredentialTtl=1 minute"], "Gatehouse:Cache:CredentialTtl" },
        { ["Gatehouse:Cache:MaxEntries=0"], "Gatehouse:Cache:MaxEntries" },
        { ["Gatehouse:Cache:FeedInterval=00:00:00.050"], "Gatehouse:Cache:FeedInterval" },
        { ["Gatehouse:Cache:FeedInterval=00:00:11"], "Gatehouse:Cache:FeedInterval" },
        { ["Gatehouse:Cache:FeedMaxClockSkew=00:01:01"], "Gatehouse:Cache:FeedMaxClockSkew" },
        { ["Gatehouse:Cache:FeedInterval=00:00:06"], "Gatehouse:Cache:FeedOutageLimit" },
        { ["Gatehouse:Cache:FeedOutageLimit=00:05:01"], "Gatehouse:Cache:FeedOutageLimit" },
    };

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public void Misconfiguration_fails_start_up_naming_the_key(string[] settings, string key)
    {
        using var services = TestServices.Create(settings);

        var failure = Record.Exception(services.ValidateOnStart);

        Assert.NotNull(failure);
        var messages = Flatten(failure).Select(e => e.Message).ToList();
        Assert.Contains(messages, m => m.Contains(key + ":", StringComparison.Ordinal) || m.Contains(key + " ", StringComparison.Ordinal) || m.Contains($"'{key}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Shipped_defaults_start()
    {
        using var services = TestServices.Create();

        services.ValidateOnStart();

        var options = services.Provider.GetRequiredService<IOptions<ChainOptions>>().Value;
        Assert.Equal([AuthenticatorNames.Basic, AuthenticatorNames.Token, AuthenticatorNames.Anonymous], options.Default);
        Assert.Equal(["TokenAuth", "Handshake"], options.Specific.Select(s => s.Name));
        Assert.Equal("/health", Assert.Single(options.OpenUrls).Grant);
    }

    [Fact]
    public void Configured_lists_replace_the_shipped_ones_instead_of_appending()
    {
        using var services = TestServices.Create(
            $"{Chain}:Default:0=TOKEN_AUTH",
            $"{Chain}:Specific=",
            $"{Chain}:OpenUrls:0:Grant=/status");

        services.ValidateOnStart();

        var options = services.Provider.GetRequiredService<IOptions<ChainOptions>>().Value;
        Assert.Equal([AuthenticatorNames.Token], options.Default);
        Assert.Empty(options.Specific);
        Assert.Equal("/status", Assert.Single(options.OpenUrls).Grant);
    }

    [Fact]
    public void Json_configuration_with_every_shape_binds_and_starts()
    {
        const string json = """
        {
          "Gatehouse": {
            "Users": { "AnonymousUser": "Guest", "AdministratorsGroup": "admins" },
            "Chain": {
              "Default": [ "BASIC_AUTH", "TOKEN_AUTH", "PORTAL_AUTH", "PROXY_AUTH", "ANONYMOUS_AUTH" ],
              "Specific": [
                { "Name": "TokenAuth", "Headers": { "X-Authentication-Token": ".*" }, "Plugins": [ "TOKEN_AUTH" ] },
                { "Name": "Handshake", "UrlPatterns": [ "/authentication/token/?" ], "Plugins": [ "BASIC_AUTH", "TOKEN_AUTH" ] },
                { "Name": "Api", "UrlPatterns": [ "/api/.*" ], "AllowedPlugins": [ "TOKEN_AUTH", "BASIC_AUTH" ] }
              ],
              "OpenUrls": [ { "Grant": "/health", "Method": "GET" }, { "Grant": "/public/.*", "Deny": "/public/private/.*" } ],
              "RegexTimeout": "00:00:00.200"
            },
            "Plugins": {
              "BASIC_AUTH": { "Realm": "Nuxeo", "AutoPrompt": false, "PromptUrls": [ "/authentication/" ] },
              "TOKEN_AUTH": { "FromCookie": false, "AllowAnonymous": true },
              "PORTAL_AUTH": { "DigestAlgorithm": "SHA-256", "MaxAge": 600, "ClockSkew": 30, "ReplayProtection": true },
              "PROXY_AUTH": { "SsoHeaderName": "X-Remote-User", "UsernameUnwantedPartExpression": "@EXAMPLE\\.COM$", "TrustedProxies": [ "10.0.0.0/8", "::1" ] }
            },
            "Cache": { "TokenTtl": "00:01:00", "NegativeTtl": "00:00:02", "CredentialTtl": "00:00:30", "MaxEntries": 5000 }
          }
        }
        """;
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IUserDirectory>(new FakeUserDirectory());
        services.AddSingleton<IGroupDirectory>(new FakeGroupDirectory());
        services.AddSingleton<ITokenService>(new FakeTokenService());
        services.AddSingleton<Gatehouse.Secrets.ISecretStore>(new FakeSecretStore());
        services.AddSingleton<Gatehouse.Plugins.INonceStore>(new FakeNonceStore(TimeProvider.System));
        services.AddSingleton<Gatehouse.Regulation.IBanStore>(new FakeBanStore());
        services.AddSingleton<Gatehouse.Caching.IRevocationFeed>(new FakeRevocationFeed());
        services.AddGatehouseAboveStorage(configuration);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        var chain = provider.GetRequiredService<IOptions<ChainOptions>>().Value;
        Assert.Equal(["TOKEN_AUTH", "BASIC_AUTH"], chain.Specific[2].AllowedPlugins);
        Assert.Equal(".*", chain.Specific[0].Headers["x-authentication-token"]);
        Assert.Equal("/public/private/.*", chain.OpenUrls[1].Deny);
        Assert.Equal(TimeSpan.FromMilliseconds(200), chain.RegexTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), provider.GetRequiredService<IOptions<CacheOptions>>().Value.TokenTtl);
        Assert.NotNull(provider.GetRequiredService<IAuthenticationChain>());
    }

    [Fact]
    public void Storage_services_are_decorated_with_the_caches()
    {
        using var services = TestServices.Create();

        // The audit trail is outermost (it passes the hot-path reads straight through), the caches right inside it.
        Assert.IsType<Gatehouse.Audit.AuditingTokenService>(services.Provider.GetRequiredService<ITokenService>());
        Assert.IsType<Gatehouse.Audit.AuditingUserDirectory>(services.Provider.GetRequiredService<IUserDirectory>());
        Assert.IsType<CachingTokenService>(Inner(services.Provider.GetRequiredService<ITokenService>()));
        Assert.IsType<CachingUserDirectory>(Inner(services.Provider.GetRequiredService<IUserDirectory>()));
        Assert.Same(services.Provider.GetRequiredService<ITokenService>(), services.Provider.GetRequiredService<ITokenService>());
    }

    [Fact]
    public void Storage_registered_by_type_or_factory_is_decorated_too()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IUserDirectory, FakeUserDirectory>();
        services.AddSingleton<ITokenService>(_ => new FakeTokenService());
        services.AddSingleton<Gatehouse.Regulation.IBanStore, FakeBanStore>();
        services.AddSingleton<Gatehouse.Caching.IRevocationFeed, FakeRevocationFeed>();
        services.AddGatehouseAboveStorage(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.IsType<CachingUserDirectory>(Inner(provider.GetRequiredService<IUserDirectory>()));
        Assert.IsType<CachingTokenService>(Inner(provider.GetRequiredService<ITokenService>()));
    }

    /// <summary>What an auditing decorator wraps (its primary constructor's captured parameter).</summary>
    private static object? Inner(object decorator) =>
        decorator.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Single(field => field.Name.Contains("inner", StringComparison.Ordinal)).GetValue(decorator);

    [Fact]
    public void Adding_the_caches_before_storage_is_refused_with_a_clear_message()
    {
        var services = new ServiceCollection();

        var failure = Assert.Throws<InvalidOperationException>(() => services.AddGatehouseCaching());

        Assert.Contains("Register an ITokenService before decorating it", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plugin_registered_under_another_name_is_refused()
    {
        using var services = TestServices.Create(
            s => s.AddKeyedSingleton<IAuthenticator>("ALIAS", FakeAuthenticator.Silent("REAL")),
            $"{Chain}:Default:0=ALIAS");

        var failure = Assert.Throws<InvalidOperationException>(() => services.Chain);

        Assert.Contains("ALIAS", failure.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? aggregate.InnerExceptions.SelectMany(Flatten)
            : [exception];
}

public sealed class TokenPermissionsTests
{
    [Theory]
    [InlineData("r", "ReadOnly")]
    [InlineData("RO", "ReadOnly")]
    [InlineData("read", "ReadOnly")]
    [InlineData("ReadOnly", "ReadOnly")]
    [InlineData("read-only", "ReadOnly")]
    [InlineData("READ_ONLY", "ReadOnly")]
    [InlineData("rw", "ReadWrite")]
    [InlineData("ReadWrite", "ReadWrite")]
    [InlineData("read-write", "ReadWrite")]
    [InlineData("Read_Write", "ReadWrite")]
    [InlineData("WRITE", "ReadWrite")]
    public void Accepted_spellings_map_to_their_canonical_permission(string spelling, string canonical) =>
        Assert.Equal(canonical, TokenPermissions.Canonical(spelling));

    [Theory]
    [InlineData("banana")]
    [InlineData(" r")]
    [InlineData("read only")]
    [InlineData("all")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_permission(string? spelling) =>
        Assert.Null(TokenPermissions.Canonical(spelling));

    [Theory]
    [InlineData("ReadWrite", false)]
    [InlineData("rw", false)]
    [InlineData("ReadOnly", true)]
    [InlineData("r", true)]
    [InlineData("banana", true)]
    [InlineData("", true)]
    public void Only_a_read_write_spelling_may_write_unknown_stored_values_fail_closed(string stored, bool readOnly) =>
        Assert.Equal(readOnly, TokenPermissions.IsReadOnly(stored));
}
