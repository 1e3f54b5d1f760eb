import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npm run build:web` runs from web/ (SvelteKit resolves its config from the working directory).
// `vite dev` proxies the API to a server on FNBOX_API (default http://127.0.0.1:8080).
const api = process.env.FNBOX_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/fn': api,
      '/healthz': api,
    },
  },
  build: { chunkSizeWarningLimit: 1500 },
});
