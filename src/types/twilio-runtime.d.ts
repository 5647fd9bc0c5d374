// Globals the Twilio Functions runtime provides to function files. Only src/functions may use them;
// src/core receives what it needs as arguments.
/// <reference types="@twilio-labs/serverless-runtime-types" />
