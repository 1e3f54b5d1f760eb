import { graphql } from '../gql';

// Metrics and platform stats (home page, function charts and metrics panel).

export const MetricsFields = graphql(`
  fragment MetricsFields on FunctionMetrics {
    window
    invocations
    successes
    errors
    timeouts
    ooms
    coldStarts
    errorRate
    p50Ms
    p95Ms
    p99Ms
    avgMs
    avgMemoryMb
    maxMemoryMb
    lastInvokedAt
  }
`);

export const MetricsPointFields = graphql(`
  fragment MetricsPointFields on MetricsPoint {
    time
    invocations
    successes
    errors
    timeouts
    ooms
    coldStarts
    errorRate
    p50Ms
    p95Ms
    avgMs
    avgMemoryMb
    maxMemoryMb
  }
`);

export const FunctionMetricsSeriesQuery = graphql(`
  query FunctionMetricsSeries($id: ID!, $resolution: MetricsResolution!) {
    function(id: $id) {
      id
      metricsSeries(resolution: $resolution) {
        ...MetricsPointFields
      }
    }
  }
`);

export const FunctionMetricsSubscription = graphql(`
  subscription FunctionMetrics($functionId: ID!, $window: MetricsWindow) {
    functionMetrics(functionId: $functionId, window: $window) {
      ...MetricsFields
    }
  }
`);

export const MetricsOverviewQuery = graphql(`
  query MetricsOverview($window: MetricsWindow) {
    metricsOverview(window: $window) {
      scope
      window
      totals {
        ...MetricsFields
      }
    }
  }
`);

export const PlatformStatsSubscription = graphql(`
  subscription PlatformStats {
    platformStats {
      at
      containers
      invocationsPerSecond
      queueDepth
      runtimes {
        runtime
        busy
        warm
        stemCells
      }
    }
  }
`);
