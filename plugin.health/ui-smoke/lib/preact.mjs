import { h, render } from 'preact';
import htm from 'htm';
export { useState, useEffect, useRef, useMemo, useCallback } from 'preact/hooks';
export const html = htm.bind(h);
export { render };
