//! USDA soil texture classes and the texture-triangle classifier.
//!
//! The twelve classes and their boundaries are those of the USDA texture triangle (Soil Survey
//! Division Staff 1993, *Soil Survey Manual*, USDA Handbook 18, ch. 3, "Soil texture"; sand
//! 0.05-2 mm, silt 0.002-0.05 mm, clay < 0.002 mm). The classifier writes each class polygon as
//! the linear inequalities on (sand, silt, clay) percentages given with the triangle, tested in an
//! order that makes every point of the triangle fall in exactly one class.
//!
//! # Units
//! Sand, silt and clay in percent by mass of the fine-earth fraction.

use std::fmt;

/// The twelve USDA texture classes (Soil Survey Manual 1993, ch. 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TextureClass {
    /// Sand (S).
    Sand,
    /// Loamy sand (LS).
    LoamySand,
    /// Sandy loam (SL).
    SandyLoam,
    /// Loam (L).
    Loam,
    /// Silt loam (SiL).
    SiltLoam,
    /// Silt (Si).
    Silt,
    /// Sandy clay loam (SCL).
    SandyClayLoam,
    /// Clay loam (CL).
    ClayLoam,
    /// Silty clay loam (SiCL).
    SiltyClayLoam,
    /// Sandy clay (SC).
    SandyClay,
    /// Silty clay (SiC).
    SiltyClay,
    /// Clay (C).
    Clay,
}

/// How far the sum sand + silt + clay may be from 100 % before a sample is rejected (percentage
/// points). Laboratory particle-size analyses rarely close exactly; one point is the usual
/// rounding allowance.
pub const SUM_TOLERANCE_PCT: f64 = 1.0;

/// Why a particle-size analysis cannot be classified.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TextureError {
    /// A fraction is NaN or infinite.
    NotFinite,
    /// A fraction is outside 0-100 %.
    OutOfRange {
        /// The offending value (%).
        value_pct: f64,
    },
    /// sand + silt + clay differs from 100 by more than [`SUM_TOLERANCE_PCT`].
    SumNot100 {
        /// The sum that was found (%).
        sum_pct: f64,
    },
}

impl fmt::Display for TextureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextureError::NotFinite => write!(f, "sand, silt and clay must be finite numbers"),
            TextureError::OutOfRange { value_pct } => {
                write!(f, "fraction {value_pct} % is outside 0-100 %")
            }
            TextureError::SumNot100 { sum_pct } => write!(
                f,
                "sand + silt + clay = {sum_pct} %, must be 100 +- {SUM_TOLERANCE_PCT} %"
            ),
        }
    }
}

impl std::error::Error for TextureError {}

impl TextureClass {
    /// All twelve classes, coarse to fine in the order of the Carsel & Parrish (1988) table.
    pub const ALL: [TextureClass; 12] = [
        TextureClass::Sand,
        TextureClass::LoamySand,
        TextureClass::SandyLoam,
        TextureClass::Loam,
        TextureClass::Silt,
        TextureClass::SiltLoam,
        TextureClass::SandyClayLoam,
        TextureClass::ClayLoam,
        TextureClass::SiltyClayLoam,
        TextureClass::SandyClay,
        TextureClass::SiltyClay,
        TextureClass::Clay,
    ];

    /// The class name in lower case with spaces, e.g. `"sandy loam"`.
    pub fn name(self) -> &'static str {
        match self {
            TextureClass::Sand => "sand",
            TextureClass::LoamySand => "loamy sand",
            TextureClass::SandyLoam => "sandy loam",
            TextureClass::Loam => "loam",
            TextureClass::SiltLoam => "silt loam",
            TextureClass::Silt => "silt",
            TextureClass::SandyClayLoam => "sandy clay loam",
            TextureClass::ClayLoam => "clay loam",
            TextureClass::SiltyClayLoam => "silty clay loam",
            TextureClass::SandyClay => "sandy clay",
            TextureClass::SiltyClay => "silty clay",
            TextureClass::Clay => "clay",
        }
    }

    /// The USDA abbreviation, e.g. `"SL"` for sandy loam, `"SiCL"` for silty clay loam.
    pub fn abbreviation(self) -> &'static str {
        match self {
            TextureClass::Sand => "S",
            TextureClass::LoamySand => "LS",
            TextureClass::SandyLoam => "SL",
            TextureClass::Loam => "L",
            TextureClass::SiltLoam => "SiL",
            TextureClass::Silt => "Si",
            TextureClass::SandyClayLoam => "SCL",
            TextureClass::ClayLoam => "CL",
            TextureClass::SiltyClayLoam => "SiCL",
            TextureClass::SandyClay => "SC",
            TextureClass::SiltyClay => "SiC",
            TextureClass::Clay => "C",
        }
    }

    /// Parses a class from its name or abbreviation, ignoring case, surrounding blanks and the
    /// separator between words: `"sandy loam"`, `"Sandy_Loam"`, `"sandy-loam"`, `"SL"` all give
    /// [`TextureClass::SandyLoam`]. `None` when nothing matches.
    pub fn from_name(text: &str) -> Option<TextureClass> {
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_ascii_lowercase())
            .collect();
        let joined = words.join(" ");
        TextureClass::ALL.into_iter().find(|class| {
            class.name() == joined || class.abbreviation().to_ascii_lowercase() == joined
        })
    }

    /// Classifies a particle-size analysis on the USDA texture triangle.
    ///
    /// The fractions must each lie in 0-100 % and sum to 100 +- [`SUM_TOLERANCE_PCT`]; they are
    /// rescaled to sum to exactly 100 before the class boundaries (Soil Survey Manual 1993,
    /// ch. 3) are applied. Points on a boundary line go to the finer class, as in the NRCS
    /// triangle's "or more" wording.
    ///
    /// # Units
    /// `sand_pct`, `silt_pct`, `clay_pct` in % by mass.
    ///
    /// ```
    /// use aralkum_core::soil::{TextureClass, TextureError};
    /// assert_eq!(TextureClass::from_fractions(40.0, 40.0, 20.0), Ok(TextureClass::Loam));
    /// assert!(matches!(
    ///     TextureClass::from_fractions(40.0, 40.0, 30.0),
    ///     Err(TextureError::SumNot100 { .. })
    /// ));
    /// ```
    pub fn from_fractions(
        sand_pct: f64,
        silt_pct: f64,
        clay_pct: f64,
    ) -> Result<TextureClass, TextureError> {
        let parts = [sand_pct, silt_pct, clay_pct];
        if parts.iter().any(|p| !p.is_finite()) {
            return Err(TextureError::NotFinite);
        }
        if let Some(&value_pct) = parts.iter().find(|&&p| !(0.0..=100.0).contains(&p)) {
            return Err(TextureError::OutOfRange { value_pct });
        }
        let sum_pct = sand_pct + silt_pct + clay_pct;
        if (sum_pct - 100.0).abs() > SUM_TOLERANCE_PCT {
            return Err(TextureError::SumNot100 { sum_pct });
        }
        let scale = 100.0 / sum_pct;
        Ok(classify_normalised(
            sand_pct * scale,
            silt_pct * scale,
            clay_pct * scale,
        ))
    }
}

impl fmt::Display for TextureClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The triangle's inequalities, for fractions that sum to 100. Each branch states the class
/// polygon it implements; the earlier branches remove the finer classes so that the later
/// tests can be written with fewer terms.
fn classify_normalised(sand: f64, silt: f64, clay: f64) -> TextureClass {
    use TextureClass::*;
    if clay >= 40.0 {
        // Clay >= 40: silty clay (silt >= 40), sandy clay (sand > 45), clay otherwise.
        if silt >= 40.0 {
            SiltyClay
        } else if sand > 45.0 {
            SandyClay
        } else {
            Clay
        }
    } else if clay >= 35.0 && sand > 45.0 {
        // Sandy clay: clay 35-40 with sand > 45.
        SandyClay
    } else if clay >= 27.0 {
        // Clay 27-40: silty clay loam (sand <= 20), clay loam (sand 20-45), and sandy clay loam
        // (sand > 45, which forces silt < 28 here).
        if sand <= 20.0 {
            SiltyClayLoam
        } else if sand <= 45.0 {
            ClayLoam
        } else {
            SandyClayLoam
        }
    } else if clay >= 20.0 && sand > 45.0 && silt < 28.0 {
        // Sandy clay loam: clay 20-35, silt < 28, sand > 45.
        SandyClayLoam
    } else if silt >= 80.0 && clay < 12.0 {
        // Silt: silt >= 80, clay < 12.
        Silt
    } else if silt >= 50.0 {
        // Silt loam: silt >= 50 with clay 12-27, or silt 50-80 with clay < 12.
        SiltLoam
    } else if clay >= 7.0 && silt >= 28.0 && sand <= 52.0 {
        // Loam: clay 7-27, silt 28-50, sand <= 52.
        Loam
    } else if silt + 1.5 * clay < 15.0 {
        // Sand: silt + 1.5 clay < 15.
        Sand
    } else if silt + 2.0 * clay < 30.0 {
        // Loamy sand: silt + 1.5 clay >= 15 and silt + 2 clay < 30.
        LoamySand
    } else {
        // Sandy loam: what is left below clay 20 (clay 7-20 with sand > 52, or clay < 7 with
        // silt < 50), all with silt + 2 clay >= 30.
        SandyLoam
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for class in TextureClass::ALL {
            assert_eq!(TextureClass::from_name(class.name()), Some(class));
            assert_eq!(TextureClass::from_name(class.abbreviation()), Some(class));
            let snake = class.name().replace(' ', "_");
            assert_eq!(TextureClass::from_name(&snake.to_uppercase()), Some(class));
        }
        assert_eq!(
            TextureClass::from_name("  Sandy-Loam "),
            Some(TextureClass::SandyLoam)
        );
        assert_eq!(
            TextureClass::from_name("sicl"),
            Some(TextureClass::SiltyClayLoam)
        );
        assert_eq!(TextureClass::from_name("loamy"), None);
        assert_eq!(TextureClass::from_name(""), None);
    }

    /// Points read off the USDA triangle, well inside each class polygon.
    #[test]
    fn classic_points() {
        use TextureClass::*;
        let cases = [
            (92.0, 5.0, 3.0, Sand),
            (82.0, 12.0, 6.0, LoamySand),
            (65.0, 25.0, 10.0, SandyLoam),
            (40.0, 40.0, 20.0, Loam),
            (20.0, 65.0, 15.0, SiltLoam),
            (5.0, 90.0, 5.0, Silt),
            (60.0, 13.0, 27.0, SandyClayLoam),
            (32.0, 34.0, 34.0, ClayLoam),
            (10.0, 56.0, 34.0, SiltyClayLoam),
            (52.0, 6.0, 42.0, SandyClay),
            (6.0, 47.0, 47.0, SiltyClay),
            (20.0, 18.0, 62.0, Clay),
        ];
        for (sand, silt, clay, class) in cases {
            assert_eq!(
                TextureClass::from_fractions(sand, silt, clay),
                Ok(class),
                "{sand}/{silt}/{clay}"
            );
        }
    }

    #[test]
    fn rejects_bad_sums_and_values() {
        assert!(matches!(
            TextureClass::from_fractions(50.0, 30.0, 18.0),
            Err(TextureError::SumNot100 { .. })
        ));
        assert!(TextureClass::from_fractions(50.0, 30.0, 19.5).is_ok());
        assert_eq!(
            TextureClass::from_fractions(f64::NAN, 30.0, 20.0),
            Err(TextureError::NotFinite)
        );
        assert!(matches!(
            TextureClass::from_fractions(-5.0, 85.0, 20.0),
            Err(TextureError::OutOfRange { .. })
        ));
    }

    /// Every point of a 0.5 % grid over the triangle gets a class, and the coarse end, the
    /// silt corner and the clay corner go where the triangle puts them.
    #[test]
    fn whole_triangle_is_covered() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..=200 {
            for j in 0..=(200 - i) {
                let clay = i as f64 * 0.5;
                let silt = j as f64 * 0.5;
                let sand = 100.0 - clay - silt;
                let class = TextureClass::from_fractions(sand, silt, clay).unwrap();
                seen.insert(class);
            }
        }
        assert_eq!(seen.len(), 12);
        assert_eq!(
            TextureClass::from_fractions(100.0, 0.0, 0.0),
            Ok(TextureClass::Sand)
        );
        assert_eq!(
            TextureClass::from_fractions(0.0, 100.0, 0.0),
            Ok(TextureClass::Silt)
        );
        assert_eq!(
            TextureClass::from_fractions(0.0, 0.0, 100.0),
            Ok(TextureClass::Clay)
        );
    }
}
