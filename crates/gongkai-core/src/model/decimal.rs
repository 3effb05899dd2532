//! Exact decimal numbers for cell values. Money is in 万元 with any number of decimals; counts
//! are integers. No floating point is used in arithmetic (only when writing JSON).

use std::cmp::Ordering;
use std::fmt;

/// An exact decimal: `mantissa × 10^-scale`, kept normalised (no trailing zeros in the
/// fraction), so equal values have equal representations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// The largest scale we keep; more decimals than this in a report cell is nonsense.
const MAX_SCALE: u32 = 18;

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    pub fn from_int(v: i64) -> Decimal {
        Decimal {
            mantissa: v as i128,
            scale: 0,
        }
    }

    fn normalised(mut mantissa: i128, mut scale: u32) -> Decimal {
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        Decimal { mantissa, scale }
    }

    /// Parse `[-]digits[.digits]` (ASCII only; callers normalise full-width digits first).
    pub fn parse(s: &str) -> Option<Decimal> {
        let (neg, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = match body.split_once('.') {
            Some((i, f)) => (i, f),
            None => (body, ""),
        };
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if frac.len() as u32 > MAX_SCALE || int.len() > 20 {
            return None;
        }
        let mut m: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            m = m.checked_mul(10)?.checked_add((b - b'0') as i128)?;
        }
        if neg {
            m = -m;
        }
        Some(Decimal::normalised(m, frac.len() as u32))
    }

    pub fn is_integer(&self) -> bool {
        self.scale == 0
    }
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// The integer value, when this is an integer that fits.
    pub fn to_i64(&self) -> Option<i64> {
        if self.scale == 0 {
            i64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }

    fn aligned(a: Decimal, b: Decimal) -> Option<(i128, i128, u32)> {
        let scale = a.scale.max(b.scale);
        let am = a
            .mantissa
            .checked_mul(10i128.checked_pow(scale - a.scale)?)?;
        let bm = b
            .mantissa
            .checked_mul(10i128.checked_pow(scale - b.scale)?)?;
        Some((am, bm, scale))
    }

    pub fn checked_add(self, other: Decimal) -> Option<Decimal> {
        if self.scale == 0 && other.scale == 0 {
            return Some(Decimal {
                mantissa: self.mantissa.checked_add(other.mantissa)?,
                scale: 0,
            });
        }
        let (a, b, s) = Decimal::aligned(self, other)?;
        Some(Decimal::normalised(a.checked_add(b)?, s))
    }

    pub fn checked_sub(self, other: Decimal) -> Option<Decimal> {
        let (a, b, s) = Decimal::aligned(self, other)?;
        Some(Decimal::normalised(a.checked_sub(b)?, s))
    }

    /// Divide by 10^n exactly (元 → 万元 is n = 4).
    pub fn shift_left(self, n: u32) -> Option<Decimal> {
        if self.scale + n > MAX_SCALE + 4 {
            return None;
        }
        Some(Decimal::normalised(self.mantissa, self.scale + n))
    }

    /// The nearest `f64`, for writing JSON numbers only.
    pub fn to_f64(&self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match Decimal::aligned(*self, *other) {
            Some((a, b, _)) => a.cmp(&b),
            // Alignment overflows only for absurd magnitudes; compare signs then scales.
            None => self.mantissa.signum().cmp(&other.mantissa.signum()),
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let neg = self.mantissa < 0;
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let (int, frac) = if digits.len() > scale {
            let (i, fr) = digits.split_at(digits.len() - scale);
            (i.to_string(), fr.to_string())
        } else {
            (
                "0".to_string(),
                format!("{}{}", "0".repeat(scale - digits.len()), digits),
            )
        };
        write!(f, "{}{}.{}", if neg { "-" } else { "" }, int, frac)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_exactly() {
        for s in ["0", "12", "-3", "549.809", "0.0001", "25.1"] {
            assert_eq!(Decimal::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Decimal::parse("1.50").unwrap().to_string(), "1.5");
        assert!(Decimal::parse("1.2.3").is_none());
        assert!(Decimal::parse("").is_none());
        assert!(Decimal::parse("1e5").is_none());
    }

    #[test]
    fn arithmetic_is_exact() {
        let a = Decimal::parse("0.1").unwrap();
        let b = Decimal::parse("0.2").unwrap();
        assert_eq!(a.checked_add(b).unwrap(), Decimal::parse("0.3").unwrap());
        assert_eq!(
            Decimal::parse("251000")
                .unwrap()
                .shift_left(4)
                .unwrap()
                .to_string(),
            "25.1"
        );
        assert!(Decimal::parse("2.5").unwrap() > Decimal::parse("2.49").unwrap());
    }
}
