/** The account every emulated resource lives in; ARNs need one and no caller can tell it apart from a real one. */
export const ACCOUNT_ID = '123456789012';
