//! The number keywords: integer formats, `minimum`/`maximum` (exact for integers however large),
//! `multipleOf`, and number equality, on JSON numbers and typed ones alike.

use crate::{Path, Violations};
use serde_json::{Number, Value};
use std::cmp::Ordering;

/// `format: float` on a number: the value must fit an `f32`, the type that holds it (JSON Schema
/// leaves the format unchecked; a larger number cannot be read into the generated type).
pub fn check_float32(n: &Number, path: &Path<'_>, out: &mut Violations) {
    if n.as_f64().is_some_and(|f| f.abs() > f64::from(f32::MAX)) {
        out.push(path, "format", "must fit the float range (at most 3.4028235e38 either side of zero)");
    }
}

/// `format: int32` / `int64` on an integer: the value must fit the range.
pub fn check_integer_format(n: impl ToNumber, format: IntegerFormat, path: &Path<'_>, out: &mut Violations) {
    let n = &n.to_number();
    let (min, max, name) = format.range();
    let fits = match (n.as_i64(), n.as_u64()) {
        (Some(i), _) => (min..=max).contains(&i128::from(i)),
        (None, Some(u)) => (min..=max).contains(&i128::from(u)),
        // An integral float (`1.0`) or one past 64 bits, compared exactly: `as` saturates, and a
        // fraction is the type check's to report.
        (None, None) => n.as_f64().is_some_and(|f| (min..=max).contains(&(f.trunc() as i128))),
    };
    if !fits {
        out.push(path, "format", format!("must fit the {name} range {min}..={max}"));
    }
}

/// An integer `format` with a range narrower than JSON's: the value must fit it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntegerFormat {
    /// `int8`.
    Int8,
    /// `int16`.
    Int16,
    /// `int32`.
    Int32,
    /// `int64`.
    Int64,
    /// `uint8`.
    Uint8,
    /// `uint16`.
    Uint16,
    /// `uint32`.
    Uint32,
    /// `uint64` (and `uint`).
    Uint64,
}

impl IntegerFormat {
    /// The format a spec's `format` name on an integer denotes, when it has a range narrower than
    /// JSON's.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "int8" => IntegerFormat::Int8,
            "int16" => IntegerFormat::Int16,
            "int32" => IntegerFormat::Int32,
            "int64" => IntegerFormat::Int64,
            "uint8" => IntegerFormat::Uint8,
            "uint16" => IntegerFormat::Uint16,
            "uint32" => IntegerFormat::Uint32,
            "uint64" | "uint" => IntegerFormat::Uint64,
            _ => return None,
        })
    }

    /// The inclusive range and the format's name.
    pub const fn range(self) -> (i128, i128, &'static str) {
        match self {
            IntegerFormat::Int8 => (i8::MIN as i128, i8::MAX as i128, "int8"),
            IntegerFormat::Int16 => (i16::MIN as i128, i16::MAX as i128, "int16"),
            IntegerFormat::Int32 => (i32::MIN as i128, i32::MAX as i128, "int32"),
            IntegerFormat::Int64 => (i64::MIN as i128, i64::MAX as i128, "int64"),
            IntegerFormat::Uint8 => (0, u8::MAX as i128, "uint8"),
            IntegerFormat::Uint16 => (0, u16::MAX as i128, "uint16"),
            IntegerFormat::Uint32 => (0, u32::MAX as i128, "uint32"),
            IntegerFormat::Uint64 => (0, u64::MAX as i128, "uint64"),
        }
    }
}

/// A `minimum` or `maximum` as the spec wrote it: an integer (exact however large, where an `f64`
/// holds integers exactly only up to 2^53: Discord's `maximum: 18014398509481983` is 2^54 − 1, and
/// as a float it would admit 2^54) or a float. Generated code passes a float literal, or a suffixed
/// integer one for a bound a float does not hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit {
    /// An integer bound.
    Integer(i64),
    /// Any other bound.
    Float(f64),
}

impl Limit {
    /// The bound as the nearest float.
    pub fn as_f64(self) -> f64 {
        match self {
            Limit::Integer(i) => i as f64,
            Limit::Float(f) => f,
        }
    }

    /// True when a float holds the bound exactly (integers up to 2^53, and every float).
    pub fn is_exact_float(self) -> bool {
        match self {
            Limit::Integer(i) => i.unsigned_abs() <= 1 << 53,
            Limit::Float(_) => true,
        }
    }
}

impl From<f64> for Limit {
    fn from(f: f64) -> Limit {
        Limit::Float(f)
    }
}

impl From<i64> for Limit {
    fn from(i: i64) -> Limit {
        Limit::Integer(i)
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Integer(i) => i.fmt(f),
            Limit::Float(x) => x.fmt(f),
        }
    }
}

/// Compares a JSON number with a limit: exactly when either is an integer, else as floats.
pub fn compare_number(n: &Number, limit: impl Into<Limit>) -> Ordering {
    match limit.into() {
        Limit::Integer(limit) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.cmp(&limit),
            // Past i64::MAX, so past every i64 bound.
            (None, Some(_)) => Ordering::Greater,
            (None, None) => compare_float_with_integer(n.as_f64().unwrap_or(f64::NAN), limit),
        },
        Limit::Float(limit) => {
            let integral_limit = limit.fract() == 0.0 && limit.abs() < 9.0e18;
            match (n.as_i64(), n.as_u64()) {
                (Some(i), _) if integral_limit => i.cmp(&(limit as i64)),
                (None, Some(u)) if integral_limit => {
                    if limit < 0.0 {
                        Ordering::Greater
                    } else {
                        u.cmp(&(limit as u64))
                    }
                }
                _ => n.as_f64().unwrap_or(f64::NAN).partial_cmp(&limit).unwrap_or(Ordering::Less),
            }
        }
    }
}

/// A float against an integer, exactly: the float's whole part decides, its fraction breaks a tie.
fn compare_float_with_integer(x: f64, limit: i64) -> Ordering {
    // 2^63: every float at or past it is above every i64 (and those below -2^63, below).
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if x.is_nan() {
        return Ordering::Less;
    }
    if x >= TWO_63 {
        return Ordering::Greater;
    }
    if x < -TWO_63 {
        return Ordering::Less;
    }
    let whole = x.floor();
    // In range, so `as` is exact: floats this large are whole numbers already.
    match (whole as i64).cmp(&limit) {
        Ordering::Equal if x != whole => Ordering::Greater,
        order => order,
    }
}

/// A number the checks read: a JSON number, or a typed one read as the JSON number it came from.
pub trait ToNumber {
    /// The JSON number. Values read from JSON are finite; a float that is not (only a value built in
    /// Rust can be) reads as 0.
    fn to_number(self) -> Number;
}

impl ToNumber for &Number {
    fn to_number(self) -> Number {
        self.clone()
    }
}

macro_rules! exact_number {
    ($($ty:ty),*) => {$(
        impl ToNumber for $ty {
            fn to_number(self) -> Number {
                Number::from(self)
            }
        }
    )*};
}
exact_number!(i32, i64, u64);

impl ToNumber for f64 {
    fn to_number(self) -> Number {
        Number::from_f64(self).unwrap_or_else(|| Number::from(0))
    }
}

/// True when `n` lies past `limit` on the side `past` (`Less` for a minimum, `Greater` for a
/// maximum), or on it when the bound is exclusive: the one rule of both bounds.
pub fn breaks_bound(n: &Number, limit: impl Into<Limit>, exclusive: bool, past: Ordering) -> bool {
    match compare_number(n, limit) {
        Ordering::Equal => exclusive,
        order => order == past,
    }
}

/// `minimum` with the boolean `exclusiveMinimum`.
pub fn check_minimum(
    n: impl ToNumber,
    limit: impl Into<Limit>,
    exclusive: bool,
    path: &Path<'_>,
    out: &mut Violations,
) {
    check_bound(&n.to_number(), limit.into(), exclusive, Ordering::Less, path, out);
}

/// `maximum` with the boolean `exclusiveMaximum`.
pub fn check_maximum(
    n: impl ToNumber,
    limit: impl Into<Limit>,
    exclusive: bool,
    path: &Path<'_>,
    out: &mut Violations,
) {
    check_bound(&n.to_number(), limit.into(), exclusive, Ordering::Greater, path, out);
}

/// A minimum (`past` is `Less`) or a maximum (`Greater`), reported under its keyword.
fn check_bound(n: &Number, limit: Limit, exclusive: bool, past: Ordering, path: &Path<'_>, out: &mut Violations) {
    if !breaks_bound(n, limit, exclusive, past) {
        return;
    }
    let (keyword, message) = match (past, exclusive) {
        (Ordering::Less, false) => ("minimum", format!("must be at least {limit}")),
        (Ordering::Less, true) => ("exclusiveMinimum", format!("must be greater than {limit}")),
        (_, false) => ("maximum", format!("must be at most {limit}")),
        (_, true) => ("exclusiveMaximum", format!("must be less than {limit}")),
    };
    out.push(path, keyword, message);
}

/// `multipleOf`: exact for integers; for floats, as [`is_multiple`] decides.
pub fn check_multiple_of(n: impl ToNumber, divisor: f64, path: &Path<'_>, out: &mut Violations) {
    let n = &n.to_number();
    let ok = match n.as_i64() {
        Some(i) if divisor.fract() == 0.0 && divisor.abs() < 9.0e18 => i % (divisor as i64) == 0,
        _ => is_multiple(n.as_f64().unwrap_or(f64::NAN), divisor),
    };
    if !ok {
        out.push(path, "multipleOf", format!("must be a multiple of {divisor}"));
    }
}

/// `multipleOf` on a float: the quotient must be an integer up to the rounding error of the
/// division itself (a few ulps), so `0.0075` is a multiple of `0.0001` and `0.00751` is not.
pub fn is_multiple(n: f64, divisor: f64) -> bool {
    let q = n / divisor;
    q.is_finite() && (q - q.round()).abs() <= q.abs().max(1.0) * 4.0 * f64::EPSILON
}

pub(crate) fn number_eq(x: &Number, y: &Number) -> bool {
    match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
        (Some(p), Some(q), _, _) => p == q,
        (_, _, Some(p), Some(q)) => p == q,
        _ => x.as_f64() == y.as_f64(),
    }
}

/// True when `value` is the number `n` (by value).
pub fn is_number_value(value: &Value, n: f64) -> bool {
    value.as_number().is_some_and(|x| compare_number(x, n) == Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::tests::run;
    use serde_json::json;

    fn n(v: Value) -> Number {
        v.as_number().unwrap().clone()
    }

    #[test]
    fn numbers_at_and_past_the_limit() {
        let root = Path::Root;
        assert!(run(|o| check_maximum(&n(json!(50)), 50.0, false, &root, o)).is_empty());
        assert_eq!(run(|o| check_maximum(&n(json!(50)), 50.0, true, &root, o))[0].1, "exclusiveMaximum");
        assert_eq!(run(|o| check_maximum(&n(json!(51)), 50.0, false, &root, o))[0].1, "maximum");
        assert!(run(|o| check_minimum(&n(json!(1)), 1.0, false, &root, o)).is_empty());
        assert_eq!(run(|o| check_minimum(&n(json!(0)), 1.0, false, &root, o))[0].1, "minimum");
        assert_eq!(run(|o| check_minimum(&n(json!(u64::MAX)), -1.0, false, &root, o)).len(), 0);
        assert!(run(|o| check_multiple_of(&n(json!(0.0075)), 0.0001, &root, o)).is_empty());
        assert_eq!(run(|o| check_multiple_of(&n(json!(0.00751)), 0.0001, &root, o)).len(), 1);
        assert_eq!(run(|o| check_multiple_of(&n(json!(7)), 2.0, &root, o)).len(), 1);
    }

    #[test]
    fn integer_bounds_past_two_to_the_53_are_exact() {
        let root = Path::Root;
        let max = (1_i64 << 54) - 1;
        // As a float the bound is 2^54, which would admit 2^54 itself.
        assert_eq!(run(|o| check_maximum(&n(json!(1_i64 << 54)), max, false, &root, o))[0].1, "maximum");
        assert!(run(|o| check_maximum(&n(json!(max)), max, false, &root, o)).is_empty());
        assert_eq!(run(|o| check_maximum(&n(json!(max)), max, true, &root, o))[0].1, "exclusiveMaximum");
        assert_eq!(run(|o| check_maximum(&n(json!(u64::MAX)), i64::MAX, false, &root, o)).len(), 1);
        assert!(run(|o| check_minimum(&n(json!(i64::MIN)), i64::MIN, false, &root, o)).is_empty());
        assert_eq!(run(|o| check_minimum(&n(json!(i64::MIN + 1)), i64::MIN + 1, true, &root, o)).len(), 1);
        // Floats against an integer bound: by value, the fraction breaking a tie.
        assert_eq!(run(|o| check_maximum(&n(json!(1.8014398509481984e16)), max, false, &root, o)).len(), 1);
        assert!(run(|o| check_maximum(&n(json!(5.5)), 6_i64, false, &root, o)).is_empty());
        assert_eq!(run(|o| check_maximum(&n(json!(5.5)), 5_i64, false, &root, o)).len(), 1);
        assert!(run(|o| check_minimum(&n(json!(5.5)), 5_i64, true, &root, o)).is_empty());
        assert_eq!(run(|o| check_minimum(&n(json!(-5.5)), -5_i64, false, &root, o)).len(), 1);
        assert_eq!(run(|o| check_maximum(&n(json!(1e300)), i64::MAX, false, &root, o)).len(), 1);
        assert_eq!(run(|o| check_minimum(&n(json!(-1e300)), i64::MIN, false, &root, o)).len(), 1);
    }

    #[test]
    fn the_message_writes_the_bound_as_the_spec_did() {
        let mut out = Violations::new();
        check_maximum(&n(json!(1_i64 << 54)), (1_i64 << 54) - 1, false, &Path::Root, &mut out);
        check_minimum(&n(json!(0.5)), 1.5, false, &Path::Root, &mut out);
        let messages: Vec<String> = out.into_vec().into_iter().map(|v| v.message.to_string()).collect();
        assert_eq!(messages, ["must be at most 18014398509481983", "must be at least 1.5"]);
    }
}
