using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Performance;

namespace Gatehouse.Tests.DirectoryApi;

/// <summary>The directory API in process over the fakes, with an administrator: for what storage cannot be made to do on cue.</summary>
public abstract class DirectoryOverFakes : IAsyncLifetime
{
    protected const string AdminPassword = "admin-password-long";

    private InProcessHandler _handler = null!;

    protected TestServices Fakes { get; } = TestServices.Create();

    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Fakes.Users.Add("admin", AdminPassword, "admin@example.test", true, "administrators");
        _handler = await InProcessHandler.StartAsync(Fakes, DiscardingLoggerProvider.UseInstead);
        Client = _handler.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _handler.DisposeAsync();
        Fakes.Dispose();
    }
}
