using System.Reflection;
using Gatehouse.Functions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests;

public sealed class LogEventsTests
{
    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<int, string> Registry = typeof(LogEvents)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToDictionary(field => (int)field.GetRawConstantValue()!, field => field.Name);

    /// <summary>Every <c>[LoggerMessage]</c> of the library and the app.</summary>
    private static readonly List<(string Method, LoggerMessageAttribute Event)> Declared =
        new[] { typeof(LogEvents).Assembly, typeof(EndpointRunner).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(Everything).Select(method => (Method: $"{type.FullName}.{method.Name}", Event: method.GetCustomAttribute<LoggerMessageAttribute>())))
            .Where(declared => declared.Event is not null)
            .Select(declared => (declared.Method, declared.Event!))
            .ToList();

    [Fact]
    public void Every_logged_event_has_its_own_id_and_the_registrys_name_for_it()
    {
        Assert.True(Declared.Count > 50, $"found only {Declared.Count} log events: is the scan still reading both assemblies?");
        Assert.All(Declared, declared =>
        {
            Assert.True(Registry.TryGetValue(declared.Event.EventId, out var name), $"{declared.Method} logs event {declared.Event.EventId}, which LogEvents does not list.");
            Assert.Equal(name, declared.Event.EventName);
        });
        Assert.Empty(Declared.GroupBy(declared => declared.Event.EventId).Where(group => group.Count() > 1).Select(group => $"{group.Key}: {string.Join(", ", group.Select(d => d.Method))}"));
    }

    [Fact]
    public void Every_registered_event_is_logged_somewhere()
    {
        Assert.Empty(Registry.Keys.Except(Declared.Select(declared => declared.Event.EventId)).Select(id => Registry[id]));
    }
}
