using Gatehouse.Housekeeping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Housekeeping;

public sealed class HousekeepingOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_values()
    {
        using var services = Build([]);

        var options = services.GetRequiredService<IOptions<HousekeepingOptions>>().Value;

        Assert.True(options.Enabled);
        Assert.Equal(TimeSpan.FromHours(1), options.Interval);
        Assert.Equal(TimeSpan.FromDays(30), options.ExpiredBindingRetention);
        Assert.Equal(TimeSpan.FromHours(1), options.OrphanGracePeriod);
        Assert.Equal(10_000, options.MaxDeletesPerRun);
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Settings_bind_from_the_section()
    {
        using var services = Build(new()
        {
            ["Gatehouse:Housekeeping:Enabled"] = "false",
            ["Gatehouse:Housekeeping:Interval"] = "00:15:00",
            ["Gatehouse:Housekeeping:ExpiredBindingRetention"] = "90",
            ["Gatehouse:Housekeeping:OrphanGracePeriod"] = "00:05:00",
            ["Gatehouse:Housekeeping:MaxDeletesPerRun"] = "500",
        });

        var options = services.GetRequiredService<IOptions<HousekeepingOptions>>().Value;

        Assert.False(options.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(15), options.Interval);
        Assert.Equal(TimeSpan.FromDays(90), options.ExpiredBindingRetention);
        Assert.Equal(TimeSpan.FromMinutes(5), options.OrphanGracePeriod);
        Assert.Equal(500, options.MaxDeletesPerRun);
    }

    [Theory]
    [InlineData("Interval", "0")]
    [InlineData("Interval", "8.00:00:00")]
    [InlineData("Interval", "soon")]
    [InlineData("ExpiredBindingRetention", "-1")]
    [InlineData("OrphanGracePeriod", "00:00:10")]
    [InlineData("MaxDeletesPerRun", "0")]
    [InlineData("MaxDeletesPerRun", "lots")]
    [InlineData("Enabled", "maybe")]
    public void An_invalid_setting_stops_start_up_naming_its_key(string key, string value)
    {
        using var services = Build(new() { ["Gatehouse:Housekeeping:" + key] = value });

        var error = Assert.ThrowsAny<Exception>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
        Assert.Contains("Gatehouse:Housekeeping:" + key, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddGatehouseHousekeeping().BuildServiceProvider();
    }
}
