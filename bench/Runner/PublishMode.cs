namespace Gatehouse.Bench;

/// <summary>How an app is published; the handler and the baseline are always compared in the same mode.</summary>
internal enum PublishMode
{
    /// <summary><c>dotnet publish</c> as CI and the tests do: IL, JIT-compiled at run time.</summary>
    FrameworkDependent,

    /// <summary>IL plus precompiled native code (crossgen): less JIT at start-up.</summary>
    ReadyToRun,

    /// <summary>One native executable, no JIT at all.</summary>
    NativeAot,
}

internal static class PublishModes
{
    public static string Label(this PublishMode mode) => mode switch
    {
        PublishMode.FrameworkDependent => "framework-dependent",
        PublishMode.ReadyToRun => "ReadyToRun",
        _ => "Native AOT",
    };

    /// <summary>The <c>dotnet publish</c> arguments that select the mode; nothing in the projects changes.</summary>
    public static IReadOnlyList<string> PublishArguments(this PublishMode mode) => mode switch
    {
        PublishMode.FrameworkDependent => [],
        PublishMode.ReadyToRun => ["--runtime", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"],
        _ => ["--runtime", "linux-x64", "-p:PublishAot=true"],
    };
}
