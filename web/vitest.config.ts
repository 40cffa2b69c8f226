import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Component tests: happy-dom, no server; the API is stubbed per test (src/test-setup.ts).
export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
