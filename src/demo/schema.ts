/** The demo tenants' mapping documents and the table layout (see README). */
import type { Schema } from '../model/schema.js';

export const DEMO_START = '2024-01-01T00:00:00Z';
export const DEMO_DAYS = 90;
/** The demo's "now": the end of the generated period (examples resolve relative ranges against it). */
export const DEMO_NOW = '2024-03-31T00:00:00Z';
export const DEMO_SLOTS = 100;

type Mapping = Record<string, { type: string[]; column: string }>;

/** Properties SDKs capture on every event (as PostHog/Mixpanel do), in slots 20 and up. */
const AUTO_CAPTURED: Mapping = {
  $os: { type: ['String'], column: 'Prop20' },
  $browser: { type: ['String'], column: 'Prop21' },
  $device_type: { type: ['String'], column: 'Prop22' },
  $app_version: { type: ['String'], column: 'Prop23' },
  $screen_width: { type: ['UInt16'], column: 'Prop24' },
  $locale: { type: ['String'], column: 'Prop25' },
  $utm_source: { type: ['String'], column: 'Prop26' },
  $utm_campaign: { type: ['String'], column: 'Prop27' },
  $session_id: { type: ['String'], column: 'Prop28' },
  $current_url: { type: ['String'], column: 'Prop29' },
  $lib: { type: ['String'], column: 'Prop30' },
  $lib_version: { type: ['String'], column: 'Prop31' },
};

function doc(productId: string, name: string, own: Mapping) {
  const propertyMapping = { ...own, ...AUTO_CAPTURED };
  return { productId, name, propCounter: Object.keys(propertyMapping).length, propertyMapping };
}

export const demoSchema: Schema = {
  table: 'events',
  columns: { tenant: 'ProductID', user: 'UserRefID', event: 'EventName', source: 'Source', time: 'Time' },
  slots: { prefix: 'Prop', count: DEMO_SLOTS },
  events: [
    doc('acme', 'page_view', { url: { type: ['String'], column: 'Prop0' }, load_time: { type: ['Float64'], column: 'Prop1' }, country: { type: ['String'], column: 'Prop2' } }),
    doc('acme', 'signup', { plan: { type: ['String'], column: 'Prop0' }, referrer: { type: ['String'], column: 'Prop1' }, country: { type: ['String'], column: 'Prop3' } }),
    doc('acme', 'add_to_cart', { product_id: { type: ['String'], column: 'Prop0' }, price: { type: ['Float64'], column: 'Prop1' }, quantity: { type: ['UInt32'], column: 'Prop2' } }),
    doc('acme', 'purchase', {
      amount: { type: ['Float64'], column: 'Prop0' },
      currency: { type: ['String'], column: 'Prop1' },
      country: { type: ['String'], column: 'Prop2' },
      items: { type: ['UInt32'], column: 'Prop3' },
      coupon: { type: ['String'], column: 'Prop4' },
      is_first: { type: ['Bool'], column: 'Prop5' },
    }),
    doc('acme', 'refund', { amount: { type: ['Float64'], column: 'Prop3' }, reason: { type: ['String'], column: 'Prop0' }, country: { type: ['String'], column: 'Prop1' } }),
    doc('globex', 'page_view', { load_time: { type: ['Float64'], column: 'Prop3' }, country: { type: ['String'], column: 'Prop0' }, url: { type: ['String'], column: 'Prop1' } }),
    doc('globex', 'session_start', { device: { type: ['String'], column: 'Prop0' }, country: { type: ['String'], column: 'Prop2' } }),
    doc('globex', 'purchase', {
      amount: { type: ['Float64', 'String'], column: 'Prop5' },
      currency: { type: ['String'], column: 'Prop6' },
      country: { type: ['String'], column: 'Prop4' },
      items: { type: ['UInt16'], column: 'Prop7' },
    }),
    doc('initech', 'signup', { plan: { type: ['String'], column: 'Prop0' }, country: { type: ['String'], column: 'Prop1' } }),
    doc('initech', 'trial_start', { plan: { type: ['String'], column: 'Prop0' }, trial_ends: { type: ['DateTime64(3)'], column: 'Prop1' } }),
    doc('initech', 'subscription', { plan: { type: ['String'], column: 'Prop2' }, mrr: { type: ['Decimal(10, 2)'], column: 'Prop0' }, country: { type: ['String'], column: 'Prop1' } }),
    doc('initech', 'page_view', { url: { type: ['String'], column: 'Prop0' }, load_time: { type: ['Float32'], column: 'Prop9' }, country: { type: ['String'], column: 'Prop8' } }),
    doc('initech', 'refund', { amount: { type: ['Decimal(10, 2)'], column: 'Prop4' }, reason: { type: ['String'], column: 'Prop0' } }),
  ],
  // The named-metric catalogue (docs/language.md §6): shared by every tenant, one tenant's own.
  metrics: [
    { name: 'revenue', formula: 'SUM(amount)', filter: "event = 'purchase'", description: 'Purchase revenue.' },
    { name: 'active_users', formula: 'COUNT(DISTINCT user_id)', description: 'Users who sent any event.' },
    { name: 'arpu', formula: 'revenue / active_users', description: 'Average revenue per active user.' },
    { name: 'buyers', formula: 'COUNT(DISTINCT user_id)', filter: "event = 'purchase'", description: 'Users who bought.' },
    { name: 'revenue', formula: 'SUM(mrr)', filter: "event = 'subscription'", description: 'Monthly recurring revenue from subscriptions.', productId: 'initech' },
  ],
};

export const DEMO_TENANTS = ['acme', 'globex', 'initech'] as const;
