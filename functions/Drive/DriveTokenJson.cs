namespace Gatehouse.Functions.Drive;

/// <summary>What Nuxeo's page answers with <c>useProtocol=false</c>: <c>{"username","token"}</c>.</summary>
internal sealed record DriveTokenJson(string Username, string Token);
