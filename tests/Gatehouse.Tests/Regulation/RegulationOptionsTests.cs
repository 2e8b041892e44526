using Gatehouse.Regulation;
using Gatehouse.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Regulation;

public sealed class RegulationOptionsTests
{
    [Fact]
    public void Shipped_defaults_are_authelias_and_hash_on_every_core()
    {
        using var services = TestServices.Create();
        services.ValidateOnStart();

        var options = services.Provider.GetRequiredService<IOptions<RegulationOptions>>().Value;

        Assert.True(options.Enabled);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(2), options.FindTime);
        Assert.Equal(TimeSpan.FromMinutes(5), options.BanTime);
        Assert.Equal(Environment.ProcessorCount, options.HashingConcurrency);
        Assert.Equal(2 * Environment.ProcessorCount, options.HashingQueueLength);
        Assert.Equal(10, options.HashingNice);
    }

    [Fact]
    public void Configured_values_are_read()
    {
        using var services = TestServices.Create(
            "Gatehouse:Regulation:MaxRetries=5", "Gatehouse:Regulation:FindTime=00:10:00", "Gatehouse:Regulation:BanTime=01:00:00",
            "Gatehouse:Regulation:HashingConcurrency=3", "Gatehouse:Regulation:HashingQueueLength=0", "Gatehouse:Regulation:HashingNice=19");
        services.ValidateOnStart();

        var options = services.Provider.GetRequiredService<IOptions<RegulationOptions>>().Value;

        Assert.Equal((5, TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), 3, 0, 19), (options.MaxRetries, options.FindTime, options.BanTime, options.HashingConcurrency, options.HashingQueueLength, options.HashingNice));
    }

    [Theory]
    [InlineData("MaxRetries", "0")]
    [InlineData("MaxRetries", "101")]
    [InlineData("FindTime", "00:00:00")]
    [InlineData("FindTime", "5")]
    [InlineData("BanTime", "-00:05:00")]
    [InlineData("BanTime", "2.00:00:00")]
    [InlineData("HashingConcurrency", "0")]
    [InlineData("HashingQueueLength", "-1")]
    [InlineData("HashingNice", "20")]
    [InlineData("HashingNice", "-5")]
    [InlineData("MaxRetries", "three")]
    [InlineData("BanTime", "soon")]
    [InlineData("Enabled", "maybe")]
    public void A_bad_value_stops_start_up_naming_its_key(string key, string value)
    {
        using var services = TestServices.Create($"Gatehouse:Regulation:{key}={value}");

        var error = Assert.ThrowsAny<Exception>(services.ValidateOnStart);

        Assert.True(error is OptionsValidationException or InvalidOperationException, error.ToString());
        Assert.Contains($"Gatehouse:Regulation:{key}", error.Message, StringComparison.Ordinal);
    }
}
