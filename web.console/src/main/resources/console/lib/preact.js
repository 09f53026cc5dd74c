// Stable URL of the console's UI library for the shell and programme pages: Preact 10 + htm + hooks in one ES module.
// import { html, render, useState, useEffect, useRef, useMemo, useCallback } from '/console/lib/preact.js';
export {
  h, html, render, Component, createContext, useState, useReducer, useEffect, useLayoutEffect, useRef,
  useImperativeHandle, useMemo, useCallback, useContext, useDebugValue, useErrorBoundary
} from './vendor/htm-preact-3.1.1.module.js';
