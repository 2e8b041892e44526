using Gatehouse.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Chain;

/// <summary>Registers the plugins and the chain; misconfiguration stops start-up with the offending key (SPEC §4.2).</summary>
public static class ChainServiceCollectionExtensions
{
    public static IServiceCollection AddGatehouseChain(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BasicAuthenticatorOptions>().BindConfiguration(BasicAuthenticatorOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Realm) && !o.Realm.Any(char.IsControl), $"{BasicAuthenticatorOptions.Section}:Realm must be non-empty text.")
            .ValidateOnStart();
        services.AddOptions<TokenAuthenticatorOptions>().BindConfiguration(TokenAuthenticatorOptions.Section)
            .Validate(o => o.FromHeader || o.FromQuery || o.FromCookie, $"{TokenAuthenticatorOptions.Section} must read the token from at least one source.")
            .ValidateOnStart();
        services.AddOptions<AnonymousAuthenticatorOptions>().BindConfiguration(AnonymousAuthenticatorOptions.Section);
        services.AddOptions<PrincipalOptions>().BindConfiguration(PrincipalOptions.Section);

        services.AddSingleton<IAuthenticator, BasicAuthenticator>();
        services.AddSingleton<IAuthenticator, TokenAuthenticator>();
        services.AddSingleton<IAuthenticator, AnonymousAuthenticator>();

        services.AddOptions<ChainOptions>().BindConfiguration(ChainOptions.Section).PostConfigure(ApplyShippedDefaults).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChainOptions>, ChainOptionsValidator>();
        services.AddSingleton(provider =>
            CompiledChains.TryCompile(provider.GetRequiredService<IOptions<ChainOptions>>().Value, provider.GetServices<IAuthenticator>(), out var errors)
            ?? throw new OptionsValidationException(ChainOptions.Section, typeof(ChainOptions), errors));
        services.AddSingleton<IAuthenticationChain, AuthenticationChain>();
        return services;
    }

    private static void ApplyShippedDefaults(ChainOptions options)
    {
        if (options.Default.Count == 0)
        {
            options.Default = [.. ChainOptions.ShippedDefault];
        }

        if (options.Specific.Count == 0)
        {
            options.Specific = ChainOptions.ShippedSpecific();
        }

        if (options.OpenUrls.Count == 0)
        {
            options.OpenUrls = ChainOptions.ShippedOpenUrls();
        }
    }

    /// <summary>Compiles the chain at start so every error surfaces, with its key, before the first request.</summary>
    private sealed class ChainOptionsValidator(IEnumerable<IAuthenticator> plugins) : IValidateOptions<ChainOptions>
    {
        public ValidateOptionsResult Validate(string? name, ChainOptions options) =>
            CompiledChains.TryCompile(options, plugins, out var errors) is null ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
