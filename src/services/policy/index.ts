/** What other services read from policy administration: the parameters and the calendar in force. */
export { loadParameterSet, loadParameterState, type ParameterState, type StoredParameterValue } from './parameter-state.js';
export { loadWorkCalendar, loadCalendarState, isBundledYear, type CalendarState } from './calendar-state.js';
export { shanghaiDate } from './today.js';
