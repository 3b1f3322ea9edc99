//! The built-in demonstration-site scenarios of the dried seabed (issue 3, item 4).
//!
//! Each example is a scenario file kept in `data/examples/<name>/scenario.toml` (with the sources
//! of its numbers in its comments) and a typical year of daily weather generated, with a fixed
//! seed, from the built-in climate normals of the nearest station (see [`crate::climate`]). The
//! three sites are the archetypes of `aral-domain.md` section 9.

use crate::climate::typical_year;
use crate::species::closest_ids;
use crate::stations::station;
use crate::weather::format_weather_csv;
use crate::InputError;
use std::io;
use std::path::{Path, PathBuf};

/// One built-in example.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    /// Name given to `aralkum example`.
    pub name: &'static str,
    /// One line for listings.
    pub description: &'static str,
    /// Station whose normals generate the weather.
    pub station: &'static str,
    /// Calendar year of the weather (the scenario starts on 1 January of it).
    pub year: i32,
    /// Seed of the weather generator.
    pub seed: u64,
    /// The scenario file.
    pub scenario_toml: &'static str,
}

/// Every built-in example.
pub const EXAMPLES: [Example; 3] = [
    Example {
        name: "sandy_plain",
        description: "sandy plain near Moynaq, groundwater at 3 m, black saxaul on drainage water",
        station: "moynaq",
        year: 2027,
        seed: 1,
        scenario_toml: include_str!("../../../data/examples/sandy_plain/scenario.toml"),
    },
    Example {
        name: "loamy_solonchak",
        description:
            "loamy solonchak near Moynaq, 45 g/L groundwater at 1.1 m, tamarisk on collector water",
        station: "moynaq",
        year: 2027,
        seed: 1,
        scenario_toml: include_str!("../../../data/examples/loamy_solonchak/scenario.toml"),
    },
    Example {
        name: "takyr_clay",
        description: "takyr-like clay near Kungrad, groundwater at 2 m, irrigated sorghum",
        station: "kungrad",
        year: 2027,
        seed: 1,
        scenario_toml: include_str!("../../../data/examples/takyr_clay/scenario.toml"),
    },
];

/// The example called `name`, or an error that lists the close and the known names.
pub fn example(name: &str) -> Result<&'static Example, InputError> {
    if let Some(e) = EXAMPLES.iter().find(|e| e.name == name.trim()) {
        return Ok(e);
    }
    let names: Vec<&str> = EXAMPLES.iter().map(|e| e.name).collect();
    let close = closest_ids(name, &names);
    let hint = if close.is_empty() {
        String::new()
    } else {
        format!("did you mean {}? ", close.join(", "))
    };
    Err(InputError::new(
        "<command line>",
        "NAME",
        name,
        format!(
            "unknown example: {hint}known examples are {}",
            names.join(", ")
        ),
    ))
}

/// Writes the example's `scenario.toml` and `weather.csv` into `dir` (created if needed) and
/// returns the paths written, scenario first.
pub fn write_example(example: &Example, dir: &Path) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let station = station(example.station)
        .map_err(|e| io::Error::new(io::ErrorKind::NotFound, e.to_string()))?;
    let weather = typical_year(&station, example.year, example.seed);
    let scenario_path = dir.join("scenario.toml");
    let weather_path = dir.join("weather.csv");
    std::fs::write(&scenario_path, example.scenario_toml)?;
    std::fs::write(&weather_path, format_weather_csv(&weather))?;
    Ok(vec![scenario_path, weather_path])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_scenario;

    #[test]
    fn every_example_is_a_valid_scenario_with_a_year_of_weather() {
        let root = std::env::temp_dir().join(format!("aralkum-examples-{}", std::process::id()));
        for e in &EXAMPLES {
            let dir = root.join(e.name);
            let paths = write_example(e, &dir).unwrap();
            let weather = crate::weather::read_weather_csv(&paths[1]).unwrap();
            assert!(weather.len() >= 365, "{}: {} days", e.name, weather.len());
            let scenario =
                load_scenario(&paths[0]).unwrap_or_else(|err| panic!("{}: {err}", e.name));
            assert!(scenario.duration_d >= 365.0);
        }
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn unknown_example_lists_close_names() {
        let err = example("loamy_solonchack").unwrap_err();
        assert!(err.message.contains("loamy_solonchak"), "{}", err.message);
    }
}
