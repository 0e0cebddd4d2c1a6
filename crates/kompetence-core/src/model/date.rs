//! Calendar dates as they appear in documents: `"YYYY-MM-DD"`.
//!
//! A newtype over [`jiff::civil::Date`] so the documents carry plain ISO dates, the JSON Schema
//! says `format: date`, and the core never reads a clock: "today" is always an input.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (no time, no zone), serialised as `"YYYY-MM-DD"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Builds a date from year, month (1–12) and day; `None` when it does not exist.
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// Parses `"YYYY-MM-DD"`.
    pub fn parse(text: &str) -> Option<Date> {
        if text.len() != 10 {
            return None;
        }
        text.parse::<jiff::civil::Date>().ok().map(Date)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        // Both dates are valid civil dates, so the span in days always exists.
        let span = self.0.until((jiff::Unit::Day, later.0)).unwrap_or_default();
        i64::from(span.get_days())
    }

    /// The date `days` days later (or earlier when negative), saturating at the calendar's ends.
    pub fn plus_days(self, days: i64) -> Date {
        let days = days.clamp(-3_000_000, 3_000_000);
        match self.0.checked_add(jiff::Span::new().days(days)) {
            Ok(d) => Date(d),
            Err(_) if days < 0 => Date(jiff::civil::Date::MIN),
            Err(_) => Date(jiff::civil::Date::MAX),
        }
    }

    /// The year.
    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// The month, 1–12.
    pub fn month(self) -> i8 {
        self.0.month()
    }

    /// The day of the month.
    pub fn day(self) -> i8 {
        self.0.day()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), self.0.month(), self.0.day())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("{text:?} is not a calendar date of the form YYYY-MM-DD"))
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "A calendar date, YYYY-MM-DD."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_iso_dates() {
        let d = Date::parse("2027-03-01").unwrap();
        assert_eq!(d.to_string(), "2027-03-01");
        assert_eq!(Date::parse("2027-02-30"), None);
        assert_eq!(Date::parse("27-2-3"), None);
    }

    #[test]
    fn counts_days_both_ways() {
        let a = Date::new(2026, 12, 30).unwrap();
        let b = Date::new(2027, 1, 2).unwrap();
        assert_eq!(a.days_until(b), 3);
        assert_eq!(b.days_until(a), -3);
        assert_eq!(a.plus_days(3), b);
    }
}
