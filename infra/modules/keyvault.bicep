// Key Vault for Gatehouse's secrets (SPEC §3): RBAC authorization only (no access
// policies), soft delete and purge protection on. The secrets are created only when their
// values are passed in; otherwise the operator sets them with `az keyvault secret set`
// (docs/deploy.md), which also keeps them out of deployment history.

@description('Azure region for the vault.')
param location string

@description('Globally unique vault name: 3-24 letters, digits and hyphens, starting with a letter.')
@minLength(3)
@maxLength(24)
param vaultName string

@description('Days a deleted vault or secret stays recoverable.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Value for the portal-sso-secret secret (SPEC §5.3). Empty: the secret is not created by this deployment.')
@secure()
param portalSsoSecret string

@description('Value for the token-key secret (SPEC §9). Empty: the secret is not created by this deployment.')
@secure()
param tokenKey string

@description('Value for the mfa-key secret (SPEC §12). Empty: the secret is not created by this deployment.')
@secure()
param mfaKey string

@description('Value for the bootstrap-password secret (SPEC §10). Empty: the secret is not created by this deployment.')
@secure()
param bootstrapPassword string

@description('Tags applied to every resource.')
param tags object

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource portalSsoSecretResource 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(portalSsoSecret)) {
  parent: vault
  name: 'portal-sso-secret'
  properties: {
    value: portalSsoSecret
    contentType: 'text/plain'
  }
}

resource tokenKeyResource 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(tokenKey)) {
  parent: vault
  name: 'token-key'
  properties: {
    value: tokenKey
    contentType: 'text/plain'
  }
}

resource mfaKeyResource 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(mfaKey)) {
  parent: vault
  name: 'mfa-key'
  properties: {
    value: mfaKey
    contentType: 'text/plain'
  }
}

resource bootstrapPasswordResource 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = if (!empty(bootstrapPassword)) {
  parent: vault
  name: 'bootstrap-password'
  properties: {
    value: bootstrapPassword
    contentType: 'text/plain'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Vault URI, e.g. https://<vault>.vault.azure.net/.')
output vaultUri string = vault.properties.vaultUri
