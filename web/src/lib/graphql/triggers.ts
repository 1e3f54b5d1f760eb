import { graphql } from '../gql';

// The dashboard's schedules and dead letters (SchedulesPanel, DeadLettersPanel).

export const ScheduleFields = graphql(`
  fragment ScheduleDetail on Schedule {
    id
    expression
    timezone
    input
    enabled
    nextRunAt
    lastRunAt
    skippedRuns
    lastSkippedAt
    runs(first: 5) {
      id
      status
      queuedAt
      error
    }
  }
`);

export const FunctionSchedulesQuery = graphql(`
  query FunctionSchedules($id: ID!) {
    function(id: $id) {
      id
      schedules {
        ...ScheduleDetail
      }
    }
  }
`);

export const CreateScheduleMutation = graphql(`
  mutation CreateSchedule($functionId: ID!, $input: ScheduleInput!) {
    createSchedule(functionId: $functionId, input: $input) {
      ...ScheduleDetail
    }
  }
`);

export const UpdateScheduleMutation = graphql(`
  mutation UpdateSchedule($id: ID!, $input: ScheduleUpdateInput!) {
    updateSchedule(id: $id, input: $input) {
      ...ScheduleDetail
    }
  }
`);

export const DeleteScheduleMutation = graphql(`
  mutation DeleteSchedule($id: ID!) {
    deleteSchedule(id: $id)
  }
`);

export const DeadLettersQuery = graphql(`
  query DeadLetters($functionId: ID) {
    deadLetters(functionId: $functionId, first: 20) {
      edges {
        node {
          id
          attempt
          queuedAt
          finishedAt
          error
          attempts {
            id
            attempt
            status
            error
          }
        }
      }
    }
  }
`);

export const RedriveInvocationMutation = graphql(`
  mutation RedriveInvocation($id: ID!) {
    redriveInvocation(id: $id) {
      id
      status
    }
  }
`);
