using Azure.Data.Tables;

namespace Gatehouse.Tokens;

/// <summary>A minted binding: the token to hand out, its hash row and its binding row, not yet in storage.</summary>
internal sealed record NewBinding(IssuedToken Issued, TableEntity HashRow, TableEntity BindingRow);
