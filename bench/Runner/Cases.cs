namespace Gatehouse.Bench;

/// <summary>The names of the throughput cases, shared by the loads that run them and the report that reads them.</summary>
internal static class Cases
{
    public const string Baseline = "baseline: bare minimal API";
    public const string HandlerRoot = "handler: GET / (no work)";
    public const string Token = "authorize: token, cached";
    public const string Basic = "authorize: Basic, cached";
    public const string Portal = "authorize: portal SSO (nonce write each)";
    public const string UnknownToken = "authorize: unknown token (negative cache)";
    public const string MissSmall = "authorize: token, cache off, 1k bindings";
    public const string MissLarge = "authorize: token, cache off, large set";
    public const string Handshake = "handshake: Basic cached, binding exists";
    public const string HandshakeHashing = "handshake: password hashed (PBKDF2)";
    public const string NginxDirect = "nginx → upstream";
    public const string NginxAuthorized = "nginx auth_request (token) → upstream";
    public const string NginxZeroCost = "nginx auth_request (baseline as authorizer) → upstream";
    public const string FloodTargeted = "authorize: token, cached, during a password flood (16 logins)";
    public const string FloodTargetedLoad = "  the flood: 32 connections, 16 logins, bans trip";
    public const string FloodSpray = "authorize: token, cached, during a password flood (a new login each)";
    public const string FloodSprayLoad = "  the flood: 32 connections, a new login each, no ban";
    public const string TokenNormalPriority = "authorize: token, cached, hashing at nice 0";
    public const string FloodSprayNormalPriority = "authorize: token, cached, during a password flood (a new login each), hashing at nice 0";
    public const string FloodSprayNormalPriorityLoad = "  the flood: 32 connections, a new login each, no ban, nice 0";

    // Issue #11 item 7: the standalone pair again at 32 connections (an outside harness's load), and the worker pair
    // under the Functions host double.
    public const string Baseline32 = "baseline: bare minimal API, 32 connections";
    public const string Token32 = "authorize: token, cached, 32 connections";
    public const string WorkerBare = "worker: bare isolated worker, GET /hello, under the host double";
    public const string WorkerToken = "worker: authorize: token, cached, under the host double";

    /// <summary>The cold-start groups, selectable with <c>--cases</c> like a throughput case.</summary>
    public const string ColdStartStandalone = "cold start: standalone, against the bare minimal API";
    public const string ColdStartWorker = "cold start: worker under the host double, against the bare worker";

    /// <summary>Issue #15 item 1: a change made elsewhere, refused by a second instance; selectable like a cold-start group.</summary>
    public const string Revocation = "revocation: a change made elsewhere, refused by a second instance";

    /// <summary>What the other cases are compared with: always measured, whatever <c>--cases</c> selects.</summary>
    public static readonly IReadOnlySet<string> References = new HashSet<string> { Baseline, Token, TokenNormalPriority, NginxDirect };

    /// <summary>References measured only with the cases compared with them (each needs processes of its own).</summary>
    public static readonly IReadOnlyDictionary<string, string> ReferenceOf = new Dictionary<string, string>
    {
        [Token32] = Baseline32,
        [WorkerToken] = WorkerBare,
    };
}
