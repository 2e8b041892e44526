using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gatehouse.Testing.FunctionsHost.Protocol;
using Google.Protobuf.Collections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// InvocationRequests shaped as the host shapes them for the two triggers the double fires: an HTTP request
/// (the request itself travels over HTTP; the message carries an empty RpcHttp and the binding data) and a
/// timer occurrence (the trigger's TimerInfo as JSON).
/// </summary>
internal static class InvocationRequests
{
    // The host sends this one shared, empty RpcHttp when it proxies; it is never changed after creation.
    private static readonly TypedData EmptyHttp = new() { Http = new RpcHttp() };

    // Newtonsoft.Json, which the host serialises with, escapes only what JSON requires.
    private static readonly JsonWriterOptions HostJsonStyle = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The HTTP trigger's binding data, as the WebJobs HTTP binding computes it: each query parameter but
    /// <c>code</c>, each matched route value (winning over a query parameter of the same name), then the whole
    /// query as <c>Query</c> and the headers as <c>Headers</c>, both JSON. Values from a JSON body are not
    /// added: the double never reads the body it streams to the worker.
    /// </summary>
    public static InvocationRequest ForHttp(string invocationId, HostedFunction function, HttpRequest request, RouteValueDictionary routeValues)
    {
        var invocation = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.Id,
            TraceContext = TraceContextOf(request.Headers),
        };
        invocation.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = EmptyHttp });

        var metadata = invocation.TriggerMetadata;
        foreach (var (name, value) in request.Query)
        {
            if (!string.Equals(name, "code", StringComparison.OrdinalIgnoreCase))
            {
                Set(metadata, name, new TypedData { String = value.ToString() });
            }
        }

        foreach (var (name, value) in routeValues)
        {
            if (value is not null)
            {
                Set(metadata, name, new TypedData { String = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" });
            }
        }

        if (!ContainsIgnoringCase(metadata, "Query"))
        {
            metadata.Add("Query", new TypedData { Json = ToJson(request.Query) });
        }

        if (!ContainsIgnoringCase(metadata, "Headers"))
        {
            metadata.Add("Headers", new TypedData { Json = ToJson(request.Headers) });
        }

        return invocation;
    }

    /// <summary>A timer occurrence: the TimerInfo JSON the host serialises, and its one binding-data entry.</summary>
    public static InvocationRequest ForTimer(string invocationId, HostedFunction function, TimerTick tick)
    {
        var invocation = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.Id,
            TraceContext = NewTraceContext(),
        };
        invocation.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = new TypedData { Json = TimerInfoJson(tick) } });
        invocation.TriggerMetadata.Add("TimerTrigger", new TypedData { String = DateTime.Now.ToString(CultureInfo.CurrentCulture) });
        return invocation;
    }

    /// <summary>
    /// The host's TimerInfo, as Newtonsoft.Json writes it:
    /// <c>{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":…,"Next":…,"LastUpdated":…}|null,"IsPastDue":false}</c>.
    /// </summary>
    public static string TimerInfoJson(TimerTick tick)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, HostJsonStyle))
        {
            json.WriteStartObject();
            json.WriteStartObject("Schedule");
            json.WriteBoolean("AdjustForDST", true);
            json.WriteEndObject();
            if (tick.ScheduleStatus is { } status)
            {
                json.WriteStartObject("ScheduleStatus");
                json.WriteString("Last", NewtonsoftDate(status.Last));
                json.WriteString("Next", NewtonsoftDate(status.Next));
                json.WriteString("LastUpdated", NewtonsoftDate(status.LastUpdated));
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("ScheduleStatus");
            }

            json.WriteBoolean("IsPastDue", tick.IsPastDue);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The W3C trace context the worker requires (without one it fails every invocation): a child of the
    /// caller's <c>traceparent</c> when it sent a valid one, else a new trace.
    /// </summary>
    private static RpcTraceContext TraceContextOf(IHeaderDictionary headers)
    {
        if (headers.TryGetValue("traceparent", out var traceParent) &&
            ActivityContext.TryParse(traceParent.ToString(), headers.TryGetValue("tracestate", out var state) ? state.ToString() : null, out var parent))
        {
            var flags = parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00";
            return new RpcTraceContext
            {
                TraceParent = $"00-{parent.TraceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-{flags}",
                TraceState = parent.TraceState ?? "",
            };
        }

        return NewTraceContext();
    }

    private static RpcTraceContext NewTraceContext() =>
        new() { TraceParent = $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00", TraceState = "" };

    // The host keys binding data case-insensitively: a later entry replaces an earlier one that differs in case only.
    private static void Set(MapField<string, TypedData> metadata, string name, TypedData value)
    {
        foreach (var existing in metadata.Keys)
        {
            if (string.Equals(existing, name, StringComparison.OrdinalIgnoreCase))
            {
                metadata.Remove(existing);
                break;
            }
        }

        metadata[name] = value;
    }

    private static bool ContainsIgnoringCase(MapField<string, TypedData> metadata, string name)
    {
        foreach (var existing in metadata.Keys)
        {
            if (string.Equals(existing, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string ToJson(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> pairs)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, HostJsonStyle))
        {
            json.WriteStartObject();
            foreach (var (name, value) in pairs)
            {
                json.WriteString(name, value.ToString());
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Newtonsoft's ISO format: fractional seconds only when present, the offset or Z from the DateTime's kind.
    private static string NewtonsoftDate(DateTime value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture);
}
