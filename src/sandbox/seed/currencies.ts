import type { SandboxStore } from '../context.js';
import { seedAuthor } from './seed-author.js';

export const currenciesResource = 'finance/currencies';

interface CurrencySeed {
  code: string;
  name: string;
  symbol: string;
  thousandsSeparator: string;
  decimalSeparator: string;
  numberOfDecimals: number;
  rightAlign?: boolean;
}

const currencies: CurrencySeed[] = [
  {
    code: 'USD',
    name: 'US Dollar',
    symbol: '$',
    thousandsSeparator: ',',
    decimalSeparator: '.',
    numberOfDecimals: 2,
  },
  {
    code: 'EUR',
    name: 'Euro',
    symbol: '€',
    thousandsSeparator: '.',
    decimalSeparator: ',',
    numberOfDecimals: 2,
  },
  {
    code: 'GBP',
    name: 'Pound Sterling',
    symbol: '£',
    thousandsSeparator: ',',
    decimalSeparator: '.',
    numberOfDecimals: 2,
  },
  {
    code: 'AUD',
    name: 'Australian Dollar',
    symbol: '$',
    thousandsSeparator: ',',
    decimalSeparator: '.',
    numberOfDecimals: 2,
  },
  {
    code: 'CAD',
    name: 'Canadian Dollar',
    symbol: '$',
    thousandsSeparator: ',',
    decimalSeparator: '.',
    numberOfDecimals: 2,
  },
  {
    code: 'NZD',
    name: 'New Zealand Dollar',
    symbol: '$',
    thousandsSeparator: ',',
    decimalSeparator: '.',
    numberOfDecimals: 2,
  },
  {
    code: 'ZAR',
    name: 'South African Rand',
    symbol: 'R',
    thousandsSeparator: ' ',
    decimalSeparator: ',',
    numberOfDecimals: 2,
  },
  {
    code: 'CHF',
    name: 'Swiss Franc',
    symbol: 'CHF',
    thousandsSeparator: "'",
    decimalSeparator: '.',
    numberOfDecimals: 2,
  },
  {
    code: 'SEK',
    name: 'Swedish Krona',
    symbol: 'kr',
    thousandsSeparator: ' ',
    decimalSeparator: ',',
    numberOfDecimals: 2,
    rightAlign: true,
  },
  {
    code: 'NOK',
    name: 'Norwegian Krone',
    symbol: 'kr',
    thousandsSeparator: ' ',
    decimalSeparator: ',',
    numberOfDecimals: 2,
    rightAlign: true,
  },
  {
    code: 'DKK',
    name: 'Danish Krone',
    symbol: 'kr.',
    thousandsSeparator: '.',
    decimalSeparator: ',',
    numberOfDecimals: 2,
    rightAlign: true,
  },
  {
    code: 'INR',
    name: 'Indian Rupee',
    symbol: '₹',
    thousandsSeparator: ',',
    decimalSeparator: '.',
    numberOfDecimals: 2,
  },
  {
    code: 'SGD',
    name: 'Singapore Dollar',
    symbol: '$',
    thousandsSeparator: ',',
    decimalSeparator: '.',
    numberOfDecimals: 2,
  },
  {
    code: 'JPY',
    name: 'Japanese Yen',
    symbol: '¥',
    thousandsSeparator: ',',
    decimalSeparator: '.',
    numberOfDecimals: 0,
  },
  {
    code: 'MXN',
    name: 'Mexican Peso',
    symbol: '$',
    thousandsSeparator: ',',
    decimalSeparator: '.',
    numberOfDecimals: 2,
  },
];

/** Inserts the currencies and returns each inserted row by its ISO code. */
export function seedCurrencies(store: SandboxStore): Map<string, Record<string, unknown>> {
  const byCode = new Map<string, Record<string, unknown>>();
  currencies.forEach((currency, index) => {
    const row = store.insert(
      currenciesResource,
      {
        currencyIdentifier: currency.code,
        name: currency.name,
        symbol: currency.symbol,
        displayIdFlag: false,
        displaySymbolFlag: true,
        currencyCode: { id: index + 1, name: currency.code },
        thousandsSeparator: currency.thousandsSeparator,
        decimalSeparator: currency.decimalSeparator,
        negativeParenthesesFlag: false,
        rightAlign: currency.rightAlign ?? false,
        numberOfDecimals: currency.numberOfDecimals,
      },
      seedAuthor,
    );
    byCode.set(currency.code, row);
  });
  return byCode;
}

/** The CurrencyReference shape ConnectWise embeds in countries, companies and invoices. */
export function currencyReferenceOf(currency: Record<string, unknown>): Record<string, unknown> {
  const { id, symbol, currencyIdentifier, name, decimalSeparator, thousandsSeparator, numberOfDecimals } =
    currency;
  const { negativeParenthesesFlag, displaySymbolFlag, displayIdFlag, rightAlign } = currency;
  const currencyCode = (currency.currencyCode as { name?: string } | undefined)?.name;
  return {
    id,
    symbol,
    currencyCode,
    decimalSeparator,
    numberOfDecimals,
    thousandsSeparator,
    negativeParenthesesFlag,
    displaySymbolFlag,
    currencyIdentifier,
    displayIdFlag,
    rightAlign,
    name,
  };
}
