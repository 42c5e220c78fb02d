import type { ConnectionProvider } from '@sentia/contracts/integration-connections';

/** One form field of a connection, by provider: settings (plain) and credentials (`isSecret`, write-only). */
export interface ConnectionField {
  name: string;
  label: string;
  /** Write-only: a password input, never prefilled, never shown again after saving. */
  isSecret?: boolean;
  placeholder?: string;
  hint?: string;
  isOptional?: boolean;
  /** Offered when credentials are replaced, not when a connection is added. */
  isReplaceOnly?: boolean;
}

export const connectionFields: Record<ConnectionProvider, ConnectionField[]> = {
  AMAZON: [
    { name: 'region', label: 'SP-API region', placeholder: 'eu', hint: 'na, eu or fe' },
    { name: 'marketplaces', label: 'Marketplaces', placeholder: 'UK, DE', hint: 'comma-separated codes served by the region' },
    { name: 'endpoint', label: 'SP-API host', placeholder: 'https://sellingpartnerapi-eu.amazon.com', isOptional: true, hint: 'leave empty for Amazon’s host; a sandbox URL otherwise' },
    { name: 'tokenUrl', label: 'LWA token URL', isOptional: true, placeholder: 'https://api.amazon.com/auth/o2/token' },
    { name: 'clientId', label: 'LWA client id', isSecret: true },
    { name: 'clientSecret', label: 'LWA client secret', isSecret: true },
    { name: 'refreshToken', label: 'Refresh token', isSecret: true },
    { name: 'notificationApiKey', label: 'Notification API key', isSecret: true, isOptional: true, isReplaceOnly: true, hint: 'the x-api-key your EventBridge API destination sends with SP-API notifications' },
  ],
  SHOPIFY: [
    { name: 'shopDomain', label: 'Store domain', placeholder: 'sentia-uk.myshopify.com' },
    { name: 'channel', label: 'Sales channel', placeholder: 'SHOPIFY_UK', hint: 'SHOPIFY_UK or SHOPIFY_US' },
    { name: 'region', label: 'Home region', placeholder: 'UK', hint: 'UK, EU or US' },
    { name: 'baseUrl', label: 'Admin API base URL', isOptional: true, hint: 'leave empty for https://<store domain>; a sandbox URL otherwise' },
    { name: 'accessToken', label: 'Admin API access token', isSecret: true },
    { name: 'webhookSecret', label: 'Webhook signing secret', isSecret: true },
  ],
  UNLEASHED: [
    { name: 'apiId', label: 'API id', placeholder: '00000000-0000-0000-0000-000000000000' },
    { name: 'baseUrl', label: 'API base URL', isOptional: true, hint: 'leave empty for https://api.unleashedsoftware.com' },
    { name: 'apiKey', label: 'API key', isSecret: true },
  ],
};
