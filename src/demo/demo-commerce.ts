// The demo's commerce records: products, orders with their lines, invoices billing them, payments and
// subscriptions, for the demo accounts. Deterministic like the accounts; a few fail (or wait) for a reason a person
// can fix, and the fix is named beside them.
import type { DemoAccount, DemoFailure } from './demo-records.js';

export interface DemoRecord {
  id: string;
  fields: Record<string, unknown>;
}

export interface DemoCommercePlan {
  products: DemoRecord[];
  orders: DemoRecord[];
  invoices: DemoRecord[];
  payments: DemoRecord[];
  subscriptions: DemoRecord[];
  failures: DemoFailure[];
}

/** Billing cycles: the first two are mapped to agreement types in the demo, triennial is left for a person to map. */
export const demoBillingCycles = [
  { id: 'monthly', name: 'Monthly', months: 1, agreementType: 'Subscriptions Monthly' },
  { id: 'annual', name: 'Annual', months: 12, agreementType: 'Subscriptions Annual' },
  { id: 'triennial', name: 'Triennial', months: 36, agreementType: undefined },
] as const;

/** Payment methods: card is the Credit card method id server variable; wire is mapped in the PaymentMethod lookup. */
export const demoPaymentMethods = [
  { id: 'card', name: 'Credit card', isCreditCard: true, connectwiseType: undefined },
  { id: 'wire', name: 'Bank transfer', isCreditCard: false, connectwiseType: 'Wire Transfer' },
] as const;

const catalogue: ReadonlyArray<
  readonly [code: string, name: string, price: number, cost: number, subscribed: boolean]
> = [
  ['M365-BB', 'Microsoft 365 Business Basic', 6, 4.8, true],
  ['M365-BS', 'Microsoft 365 Business Standard', 12.5, 10, true],
  ['M365-BP', 'Microsoft 365 Business Premium', 22, 17.6, true],
  ['EXO-P1', 'Exchange Online (Plan 1)', 4, 3.2, true],
  ['DEF-BIZ', 'Microsoft Defender for Business', 3, 2.4, true],
  ['GWS-START', 'Google Workspace Business Starter', 7.2, 5.76, true],
  ['AZ-BACKUP-100', 'Azure Backup 100 GB', 15, 9, true],
  ['MS-WORKSTATION', 'Managed workstation', 45, 20, true],
  ['MS-SERVER', 'Managed server', 150, 70, true],
  ['HELPDESK-SEAT', 'Helpdesk seat', 25, 12, true],
  ['ONBOARDING', 'Onboarding (one-off)', 500, 250, false],
  ['M365-MIGRATION', 'Mailbox migration (per mailbox)', 30, 15, false],
];

const money = (value: number) => value.toFixed(2);

/**
 * Orders for every third account that can sync (and one for each account whose type is not mapped: it waits for
 * its account), an invoice for three orders in four, a payment for two invoices in three, and a subscription for
 * every other account that can sync — monthly, annual, and a few triennial ones whose cycle is not mapped.
 */
export function planDemoCommerce(accounts: DemoAccount[]): DemoCommercePlan {
  const products = catalogue.map(([code, name, price, cost]) => ({
    id: code,
    fields: {
      code,
      name,
      description: `${name}, per ${code.startsWith('MS-') || code === 'HELPDESK-SEAT' ? 'device' : 'user'} and month`,
      unitType: { id: 'licence' },
      price: money(price),
      cost: money(cost),
    },
  }));
  const typeOf = (account: DemoAccount) => (account.fields.type as { id: string } | undefined)?.id;
  const canSync = (account: DemoAccount) => typeOf(account) === 'customer' || typeOf(account) === 'partner';
  const orders: DemoRecord[] = [];
  const invoices: DemoRecord[] = [];
  const payments: DemoRecord[] = [];
  const subscriptions: DemoRecord[] = [];
  const waitingOrders: string[] = [];
  const triennial: string[] = [];

  accounts.forEach((account, index) => {
    const currency = account.fields.currency;
    const reseller = typeOf(account) === 'reseller';
    if ((index % 3 === 0 && canSync(account)) || reseller) {
      const n = orders.length + 1;
      const items = Array.from({ length: 1 + (index % 3) }, (_, k) => {
        const [code, , price] = catalogue[(index + k * 4) % catalogue.length]!;
        return {
          id: `L${k + 1}`,
          product: { id: code },
          quantity: 1 + ((index + k) % 5) * 2,
          unitPrice: money(price),
        };
      });
      const orderId = `SO-${String(n).padStart(4, '0')}`;
      orders.push({
        id: orderId,
        fields: {
          code: orderId,
          account: { id: account.id },
          contact: { id: account.contacts[0]!.id },
          orderDate: `2026-${String(1 + (n % 9)).padStart(2, '0')}-${String(1 + (n % 27)).padStart(2, '0')}`,
          currency,
          status: n % 5 === 0 ? 'pending' : 'confirmed',
          items,
        },
      });
      if (reseller) waitingOrders.push(orderId);
      else if (n % 4 !== 3) {
        const invoiceId = `INV-${String(n).padStart(4, '0')}`;
        const total = items.reduce((sum, item) => sum + item.quantity * Number(item.unitPrice), 0);
        const month = String(2 + (n % 9)).padStart(2, '0');
        invoices.push({
          id: invoiceId,
          fields: {
            number: invoiceId,
            account: { id: account.id },
            order: { id: orderId },
            invoiceDate: `2026-${month}-01`,
            dueDate: `2026-${month}-28`,
            currency,
            items: items.map((item) => ({ ...item, id: `V${item.id.slice(1)}` })),
          },
        });
        if (invoices.length % 3 !== 0) {
          const method = demoPaymentMethods[invoices.length % 2]!;
          payments.push({
            id: `PAY-${String(payments.length + 1).padStart(4, '0')}`,
            fields: {
              invoice: { id: invoiceId },
              amount: money(total),
              date: `2026-${month}-20`,
              paymentMethod: { id: method.id },
            },
          });
        }
      }
    }
    if (index % 2 === 1 && canSync(account)) {
      const k = subscriptions.length + 1;
      const cycle = k % 12 === 5 ? 'triennial' : k % 4 === 0 ? 'annual' : 'monthly';
      const subscribed = catalogue.filter(([, , , , isSubscription]) => isSubscription);
      const [code, name, price] = subscribed[index % subscribed.length]!;
      const id = `SUB-${String(k).padStart(4, '0')}`;
      subscriptions.push({
        id,
        fields: {
          name: `${name} for ${String(account.fields.name)}`,
          account: { id: account.id },
          product: { id: code },
          quantity: 5 + (index % 20),
          billingCycle: { id: cycle },
          price: money(price),
          startDate: `2026-${String(1 + (k % 10)).padStart(2, '0')}-01`,
        },
      });
      if (cycle === 'triennial') triennial.push(id);
    }
  });

  const failures: DemoFailure[] = [];
  if (waitingOrders.length > 0)
    failures.push({
      recordIds: waitingOrders,
      reason: 'orders of a "reseller" account wait for their account (shown as waiting, not failed)',
      fix: 'the AccountType fix above: once their account is in ConnectWise they follow by themselves',
    });
  if (triennial.length > 0)
    failures.push({
      recordIds: triennial,
      reason:
        'subscriptions billed every three years: the "triennial" billing cycle has no ConnectWise agreement type',
      fix: 'map it in the Subscription Units synchronization lookup (to an agreement type such as "Subscriptions Annual"), then re-sync',
    });
  return { products, orders, invoices, payments, subscriptions, failures };
}
