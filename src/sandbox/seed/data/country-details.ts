/** Address captions, dialling prefixes and currencies for the countries cwsync's customers use most. */
export interface CountryDetails {
  dialingPrefix: string;
  currencyIdentifier?: string;
  stateCaption?: string;
  zipCaption?: string;
  cityCaption?: string;
}

export const defaultCountryCode = 'US';

export const countryDetailsByCode: Readonly<Record<string, CountryDetails>> = {
  US: {
    dialingPrefix: '1',
    currencyIdentifier: 'USD',
    stateCaption: 'State',
    zipCaption: 'Zip',
    cityCaption: 'City',
  },
  CA: {
    dialingPrefix: '1',
    currencyIdentifier: 'CAD',
    stateCaption: 'Province',
    zipCaption: 'Postal Code',
    cityCaption: 'City',
  },
  GB: {
    dialingPrefix: '44',
    currencyIdentifier: 'GBP',
    stateCaption: 'County',
    zipCaption: 'Postcode',
    cityCaption: 'Town',
  },
  IE: {
    dialingPrefix: '353',
    currencyIdentifier: 'EUR',
    stateCaption: 'County',
    zipCaption: 'Eircode',
    cityCaption: 'Town',
  },
  AU: {
    dialingPrefix: '61',
    currencyIdentifier: 'AUD',
    stateCaption: 'State',
    zipCaption: 'Postcode',
    cityCaption: 'Suburb',
  },
  NZ: {
    dialingPrefix: '64',
    currencyIdentifier: 'NZD',
    stateCaption: 'Region',
    zipCaption: 'Postcode',
    cityCaption: 'City',
  },
  ZA: {
    dialingPrefix: '27',
    currencyIdentifier: 'ZAR',
    stateCaption: 'Province',
    zipCaption: 'Postal Code',
    cityCaption: 'City',
  },
  DE: {
    dialingPrefix: '49',
    currencyIdentifier: 'EUR',
    stateCaption: 'State',
    zipCaption: 'PLZ',
    cityCaption: 'City',
  },
  FR: {
    dialingPrefix: '33',
    currencyIdentifier: 'EUR',
    stateCaption: 'Region',
    zipCaption: 'Code Postal',
    cityCaption: 'City',
  },
  NL: {
    dialingPrefix: '31',
    currencyIdentifier: 'EUR',
    stateCaption: 'Province',
    zipCaption: 'Postcode',
    cityCaption: 'City',
  },
  BE: {
    dialingPrefix: '32',
    currencyIdentifier: 'EUR',
    stateCaption: 'Province',
    zipCaption: 'Postcode',
    cityCaption: 'City',
  },
  ES: {
    dialingPrefix: '34',
    currencyIdentifier: 'EUR',
    stateCaption: 'Province',
    zipCaption: 'Postal Code',
    cityCaption: 'City',
  },
  IT: {
    dialingPrefix: '39',
    currencyIdentifier: 'EUR',
    stateCaption: 'Province',
    zipCaption: 'CAP',
    cityCaption: 'City',
  },
  AT: {
    dialingPrefix: '43',
    currencyIdentifier: 'EUR',
    stateCaption: 'State',
    zipCaption: 'PLZ',
    cityCaption: 'City',
  },
  PT: {
    dialingPrefix: '351',
    currencyIdentifier: 'EUR',
    stateCaption: 'District',
    zipCaption: 'Postal Code',
    cityCaption: 'City',
  },
  FI: {
    dialingPrefix: '358',
    currencyIdentifier: 'EUR',
    stateCaption: 'Region',
    zipCaption: 'Postal Code',
    cityCaption: 'City',
  },
  CH: {
    dialingPrefix: '41',
    currencyIdentifier: 'CHF',
    stateCaption: 'Canton',
    zipCaption: 'PLZ',
    cityCaption: 'City',
  },
  SE: {
    dialingPrefix: '46',
    currencyIdentifier: 'SEK',
    stateCaption: 'County',
    zipCaption: 'Postal Code',
    cityCaption: 'City',
  },
  NO: {
    dialingPrefix: '47',
    currencyIdentifier: 'NOK',
    stateCaption: 'County',
    zipCaption: 'Postal Code',
    cityCaption: 'City',
  },
  DK: {
    dialingPrefix: '45',
    currencyIdentifier: 'DKK',
    stateCaption: 'Region',
    zipCaption: 'Postal Code',
    cityCaption: 'City',
  },
  PL: { dialingPrefix: '48', stateCaption: 'Voivodeship', zipCaption: 'Postal Code' },
  IN: { dialingPrefix: '91', currencyIdentifier: 'INR', stateCaption: 'State', zipCaption: 'PIN Code' },
  SG: { dialingPrefix: '65', currencyIdentifier: 'SGD', zipCaption: 'Postal Code' },
  JP: {
    dialingPrefix: '81',
    currencyIdentifier: 'JPY',
    stateCaption: 'Prefecture',
    zipCaption: 'Postal Code',
  },
  MX: { dialingPrefix: '52', currencyIdentifier: 'MXN', stateCaption: 'State', zipCaption: 'Codigo Postal' },
  BR: { dialingPrefix: '55', stateCaption: 'State', zipCaption: 'CEP' },
  AE: { dialingPrefix: '971', stateCaption: 'Emirate' },
  PH: { dialingPrefix: '63', stateCaption: 'Province', zipCaption: 'ZIP Code' },
  IL: { dialingPrefix: '972', zipCaption: 'Postal Code' },
  HK: { dialingPrefix: '852', stateCaption: 'District' },
};
