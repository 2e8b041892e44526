using Microsoft.Extensions.Internal;

namespace Gatehouse;

/// <summary>Lets <see cref="Microsoft.Extensions.Caching.Memory.MemoryCache"/> expire entries on the injected <see cref="TimeProvider"/>.</summary>
internal sealed class TimeProviderClock(TimeProvider time) : ISystemClock
{
    public DateTimeOffset UtcNow => time.GetUtcNow();
}
