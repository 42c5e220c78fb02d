import type { AppModule } from './http/create-app.ts';
import { forecastingModule } from './modules/forecasting/forecasting.routes.ts';
import { importsModule } from './modules/imports/imports.routes.ts';
import { integrationsModule } from './modules/integrations/integrations.routes.ts';
import { inventoryModule } from './modules/inventory/inventory.routes.ts';
import { productionModule } from './modules/production/production.routes.ts';
import { purchasingModule } from './modules/purchasing/purchasing.routes.ts';
import { workingCapitalModule } from './modules/working-capital/working-capital.routes.ts';
import { webhooksModule } from './modules/webhooks/webhooks.routes.ts';

/**
 * Feature modules registered after the core ones by main.ts. Kept apart from main.ts so the route × role test can
 * load every module the server serves without starting it.
 */
export const extraModules: AppModule[] = [forecastingModule(), workingCapitalModule(), productionModule(), importsModule(), webhooksModule(), integrationsModule(), inventoryModule(), purchasingModule()];
