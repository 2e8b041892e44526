using Gatehouse.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Secrets;

/// <summary>A generic host with only <see cref="SecretsServiceCollectionExtensions.AddGatehouseSecrets"/>, as the handler wires it.</summary>
internal static class SecretsHost
{
    public static IHost Build(
        IDictionary<string, string?> settings,
        CapturingLoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddGatehouseSecrets();
        services?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Starts a host expected to refuse to start; returns what it said.</summary>
    public static async Task<string> StartupFailureAsync(IDictionary<string, string?> settings)
    {
        using var host = Build(settings);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.True(failure is OptionsValidationException or InvalidOperationException, failure.ToString());
        return failure.Message;
    }
}
