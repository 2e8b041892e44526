using System.Text;
using Gatehouse.Testing.FunctionsHost;

namespace Gatehouse.Tools.HostDouble;

/// <summary>The function list `func start` prints: each HTTP function with its methods and URL, the others with their trigger.</summary>
internal static class FunctionList
{
    public static string Format(FunctionsHostDouble host, bool keysEnforced)
    {
        var text = new StringBuilder("\nFunctions:\n\n");
        foreach (var function in host.Functions)
        {
            text.Append('\t').Append(function.Name).Append(": ");
            if (function.IsHttp)
            {
                var methods = function.Methods is null ? "ALL" : string.Join(',', function.Methods);
                text.Append('[').Append(methods).Append("] http://localhost:").Append(host.Port).Append('/').Append(function.Route);
                if (keysEnforced && function.AuthLevel is not AuthorizationLevel.Anonymous)
                {
                    text.Append("  (").Append(function.AuthLevel).Append(" key: x-functions-key header or ?code=)");
                }
            }
            else
            {
                text.Append(function.TriggerType);
            }

            text.Append("\n\n");
        }

        if (keysEnforced)
        {
            text.Append("Keys (generated for this run unless a secrets directory is used):\n")
                .Append("\tmaster: ").Append(host.Keys.MasterKey).Append('\n');
            foreach (var (name, value) in host.Keys.HostFunctionKeys)
            {
                text.Append('\t').Append(name).Append(": ").Append(value).Append('\n');
            }
        }
        else
        {
            text.Append("Function keys are not checked (as Core Tools without --enableAuth); add --enable-auth to enforce them.\n");
        }

        return text.ToString();
    }
}
