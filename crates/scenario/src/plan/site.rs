//! The site file of `aralkum plan` (INTERFACES section 5, "The site file of aralkum plan"):
//! read, validate with located errors, and hand over a [`Site`].
//!
//! Reading happens in three stages so that the user sees located messages:
//! 1. the TOML is deserialized into serde types that deny unknown keys (syntax and structure,
//!    with line and column);
//! 2. the plan's own tables (`[site]`, `[initial]`, `[groundwater]`, `[water]`, `[plan]`) are
//!    checked key by key against physical ranges (key path, value, allowed range), unknown
//!    species listing the closest ids;
//! 3. the tables shared with a scenario (`[grid]`, `[[soil.layers]]`, `[transport]`, the salt of
//!    `[initial]`, the groundwater as a water-table bottom) are validated by the scenario
//!    validator itself ([`crate::parse_scenario`] on a scenario assembled from them), so the two
//!    files accept exactly the same values; its key paths are the site file's, except
//!    `bottom.*`, which is mapped back to `groundwater.*`.
//!
//! A layer may give `texture` (Carsel & Parrish 1988 class averages) or `sand_pct`, `silt_pct`,
//! `clay_pct` (classified into a USDA texture class, then its class average); both are resolved
//! here into the hydraulic keys before stage 3.

use crate::error::{InputError, InputErrors};
use crate::scenario::schema::{RawGrid, RawSite, RawSoil, RawTransport};
use crate::species::{find_species, species_table, Species};
use crate::stations::{station_at, Station};
use crate::weather::{read_weather_csv, WeatherDay};
use aralkum_core::column::ColumnSpec;
use aralkum_core::soil::{carsel_parrish, TextureClass};
use serde::Deserialize;
use std::path::Path;

/// Largest salt concentration accepted (g/L): above halite saturation (about 360 g/L).
const MAX_SALT_G_L: f64 = 400.0;
/// Water (cm) that may stand on the surface before it runs off: the plan irrigates and leaches
/// in bunded basins or checks, so an application that the soil cannot take in a day ponds and
/// soaks in over the next days (FAO-29 and Hoffman 1980 basin leaching).
pub const MAX_PONDING_CM: f64 = 15.0;
/// Longest planning horizon (years).
pub const MAX_YEARS: u32 = 30;

/// What the ranking maximises (INTERFACES section 5, `[plan] objective`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    /// Usable forage dry matter (t/ha per year).
    Forage,
    /// Vegetation cover against salt dust (mean fraction of ground covered over the year).
    Cover,
    /// Relative yield (FAO-33, per cent of the species' potential).
    Yield,
    /// Least irrigation water.
    LeastWater,
    /// Lowest final root-zone ECe.
    LowestEce,
}

impl Objective {
    /// Every objective, in the order of the site file's documentation.
    pub const ALL: [Objective; 5] = [
        Objective::Forage,
        Objective::Cover,
        Objective::Yield,
        Objective::LeastWater,
        Objective::LowestEce,
    ];

    /// The name used in the site file and the outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Objective::Forage => "forage",
            Objective::Cover => "cover",
            Objective::Yield => "yield",
            Objective::LeastWater => "least_water",
            Objective::LowestEce => "lowest_ece",
        }
    }

    /// The objective called `name`.
    pub fn from_name(name: &str) -> Option<Objective> {
        Objective::ALL.into_iter().find(|o| o.as_str() == name)
    }
}

/// Where the daily weather comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum Climate {
    /// A built-in station: a seeded typical year from its normals, a different seed each year.
    Station(Box<Station>),
    /// A weather file (its years are used in turn, and repeated when the horizon is longer).
    Weather {
        /// The file as the user named it.
        file: String,
        /// Its days.
        days: Vec<WeatherDay>,
    },
}

/// Month and day of a yearly date (the water season).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthDay {
    /// Month, 1-12.
    pub month: u32,
    /// Day of the month.
    pub day: u32,
}

impl MonthDay {
    /// Parses `MM-DD` (29 February is refused: it does not come every year).
    pub fn parse(text: &str) -> Option<MonthDay> {
        let (m, d) = text.trim().split_once('-')?;
        let month: u32 = m.parse().ok()?;
        let day: u32 = d.parse().ok()?;
        // 2027 is not a leap year: the check refuses 29 February.
        aralkum_core::date::Date::new(2027, month, day)?;
        Some(MonthDay { month, day })
    }

    /// Day of the year (1-365) in a non-leap year.
    pub fn day_of_year(self) -> u32 {
        aralkum_core::date::Date::new(2027, self.month, self.day)
            .map(|d| d.day_of_year())
            .unwrap_or(1)
    }
}

/// The water a site can get each year (`[water]`).
///
/// # Units
/// m3/ha per year (1 m3/ha = 0.1 mm), g/L.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaterSupply {
    /// Volume available each year (m3/ha).
    pub volume_m3_ha: f64,
    /// Its salt concentration (g/L).
    pub salt_g_l: f64,
    /// First day it can be applied.
    pub season_start: MonthDay,
    /// Last day it can be applied.
    pub season_end: MonthDay,
}

impl WaterSupply {
    /// The yearly volume as a depth (cm): 1 m3/ha = 0.01 cm.
    pub fn volume_cm(&self) -> f64 {
        self.volume_m3_ha * 0.01
    }

    /// Length of the water season (d), counting both ends; a season may run over the new year.
    pub fn season_length_d(&self) -> u32 {
        let (a, b) = (
            self.season_start.day_of_year(),
            self.season_end.day_of_year(),
        );
        if b >= a {
            b - a + 1
        } else {
            365 - a + b + 1
        }
    }
}

/// A validated site file: everything a plan needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    /// The site file as the user named it.
    pub file: String,
    /// `[site] name`, or the file name.
    pub name: String,
    /// Latitude (degrees north).
    pub latitude_deg: f64,
    /// Elevation (m).
    pub elevation_m: f64,
    /// Hargreaves kRs of the site (0.19 coastal, 0.16 inland).
    pub coastal: bool,
    /// Daily weather source.
    pub climate: Climate,
    /// The column at the start of the plan: grid, soil, initial salt (water in equilibrium with
    /// the groundwater), groundwater as a water-table bottom with its salt, no plant.
    pub column: ColumnSpec,
    /// Texture class of the top layer when the file tells it (for Hoffman's ponded k).
    pub top_texture: Option<TextureClass>,
    /// Initial ECe averaged over the top `RECLAIM_DEPTH_CM` (dS/m).
    pub initial_root_zone_ece_ds_m: f64,
    /// Depth of the groundwater table (cm).
    pub groundwater_depth_cm: f64,
    /// Its salt concentration (g/L).
    pub groundwater_salt_g_l: f64,
    /// Irrigation water.
    pub water: WaterSupply,
    /// Planning horizon (years).
    pub years: u32,
    /// What the ranking maximises.
    pub objective: Objective,
    /// Candidate species (all of the table when the file names none).
    pub species: Vec<Species>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSiteFile {
    site: Option<RawSite>,
    grid: Option<RawGrid>,
    soil: Option<RawSoil>,
    // Read for the structural check (unknown keys, types) only: the values are validated by
    // the scenario validator from the raw table.
    #[allow(dead_code)]
    transport: Option<RawTransport>,
    initial: Option<RawPlanInitial>,
    groundwater: Option<RawGroundwater>,
    water: Option<RawWater>,
    plan: Option<RawPlan>,
    forcing: Option<RawPlanForcing>,
}

/// `[initial]` of a site file: salt only (the water starts in equilibrium with the groundwater).
/// Read for the structural check; the values are validated by the scenario validator.
#[allow(dead_code)]
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlanInitial {
    salt_g_l: Option<f64>,
    ece_ds_m: Option<f64>,
    salt_profile_g_l: Option<Vec<Vec<f64>>>,
    ece_profile_ds_m: Option<Vec<Vec<f64>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroundwater {
    depth_cm: Option<f64>,
    salt_g_l: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWater {
    volume_m3_ha: Option<f64>,
    salt_g_l: Option<f64>,
    season: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    years: Option<i64>,
    objective: Option<String>,
    species: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlanForcing {
    weather: Option<String>,
}

/// Depth (cm) over which the reclamation leaching is planned and the initial salinity judged:
/// the topsoil where seedlings root (FAO-29 and Hoffman 1980 quote leaching per 30 cm of soil).
pub const RECLAIM_DEPTH_CM: f64 = 30.0;

/// Line and column (both from 1) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> InputError {
    let location = match e.span() {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            format!("line {line}, column {column}")
        }
        None => "document".to_string(),
    };
    let message = e
        .message()
        .trim()
        .replace("unknown field", "unknown key")
        .replace("missing field", "missing key");
    InputError::new(file, location, "", message)
}

/// Reads and validates a site file; paths inside it are relative to its folder.
pub fn load_site(path: &Path) -> Result<Site, InputErrors> {
    let (file, text) = crate::error::read_input_file(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse_site(&text, &file, base)
}

struct Checker<'a> {
    file: &'a str,
    errors: InputErrors,
}

impl Checker<'_> {
    fn error(&mut self, path: &str, value: impl ToString, message: impl Into<String>) {
        self.errors
            .push(InputError::new(self.file, path, value.to_string(), message));
    }

    /// A required number in [lo, hi].
    fn number(&mut self, v: Option<f64>, path: &str, lo: f64, hi: f64) -> Option<f64> {
        match v {
            None => {
                self.error(path, "", "missing key");
                None
            }
            Some(x) if x.is_finite() && (lo..=hi).contains(&x) => Some(x),
            Some(x) => {
                self.error(path, x, format!("out of range; allowed [{lo}, {hi}]"));
                None
            }
        }
    }
}

/// Validates the TOML `text` of a site file; `file` names it in errors and `base_dir` resolves
/// the paths it holds.
pub fn parse_site(text: &str, file: &str, base_dir: &Path) -> Result<Site, InputErrors> {
    let raw: RawSiteFile =
        toml::from_str(text).map_err(|e| InputErrors::from(toml_error(file, text, &e)))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| InputErrors::from(toml_error(file, text, &e)))?;
    let mut c = Checker {
        file,
        errors: InputErrors::new(),
    };

    let site = raw.site.unwrap_or_default();
    let name = site.name.clone().unwrap_or_else(|| {
        Path::new(file)
            .file_stem()
            .map_or("site".to_string(), |s| s.to_string_lossy().into_owned())
    });

    // Climate: a station or a weather file, not both.
    let weather = raw.forcing.as_ref().and_then(|f| f.weather.clone());
    let mut climate = None;
    let mut lat_elev = (site.latitude_deg, site.elevation_m);
    match (&site.station, &weather) {
        (Some(_), Some(_)) => c.error(
            "site.station",
            "",
            "give either site.station or forcing.weather, not both",
        ),
        (None, None) => c.error(
            "site.station",
            "",
            "missing key: give site.station (a built-in station) or forcing.weather (a file)",
        ),
        (Some(s), None) => match station_at(s, file, "site.station") {
            Ok(st) => {
                lat_elev = (
                    Some(site.latitude_deg.unwrap_or(st.latitude_deg)),
                    Some(site.elevation_m.unwrap_or(st.elevation_m)),
                );
                climate = Some(Climate::Station(Box::new(st)));
            }
            Err(e) => c.errors.push(e),
        },
        (None, Some(w)) => {
            let path = base_dir.join(w);
            match read_weather_csv(&path) {
                Ok(days) if days.len() >= 365 => {
                    climate = Some(Climate::Weather {
                        file: path.display().to_string(),
                        days,
                    })
                }
                Ok(days) => c.error(
                    "forcing.weather",
                    format!("\"{w}\""),
                    format!(
                        "has {} days; a plan needs at least one year (365)",
                        days.len()
                    ),
                ),
                Err(e) => c.errors.0.extend(e.0),
            }
        }
    }
    let latitude_deg = c.number(lat_elev.0, "site.latitude_deg", -90.0, 90.0);
    let elevation_m = c.number(lat_elev.1, "site.elevation_m", -500.0, 9000.0);

    // Groundwater.
    let gw = raw.groundwater.unwrap_or_default();
    let gw_depth = c.number(gw.depth_cm, "groundwater.depth_cm", 0.0, 1e5);
    let gw_salt = c.number(gw.salt_g_l, "groundwater.salt_g_l", 0.0, MAX_SALT_G_L);

    // Water.
    let water = match raw.water {
        None => {
            c.error("water", "", "missing table [water]");
            None
        }
        Some(w) => {
            let volume = c.number(w.volume_m3_ha, "water.volume_m3_ha", 0.0, 50_000.0);
            let salt = c.number(w.salt_g_l, "water.salt_g_l", 0.0, MAX_SALT_G_L);
            let season = match w.season.as_deref() {
                None => Some((
                    MonthDay { month: 4, day: 1 },
                    MonthDay { month: 9, day: 30 },
                )),
                Some([a, b]) => match (MonthDay::parse(a), MonthDay::parse(b)) {
                    (Some(a), Some(b)) => Some((a, b)),
                    _ => {
                        c.error(
                            "water.season",
                            format!("[\"{a}\", \"{b}\"]"),
                            "must be two dates MM-DD (first and last day water can be applied; \
                             not 02-29)",
                        );
                        None
                    }
                },
                Some(other) => {
                    c.error(
                        "water.season",
                        format!("{other:?}"),
                        "must be two dates [\"MM-DD\", \"MM-DD\"]",
                    );
                    None
                }
            };
            match (volume, salt, season) {
                (Some(v), Some(s), Some((a, b))) => Some(WaterSupply {
                    volume_m3_ha: v,
                    salt_g_l: s,
                    season_start: a,
                    season_end: b,
                }),
                _ => None,
            }
        }
    };

    // Plan.
    let plan = raw.plan.unwrap_or_default();
    let years = match plan.years {
        None => Some(3),
        Some(y) if (1..=i64::from(MAX_YEARS)).contains(&y) => Some(y as u32),
        Some(y) => {
            c.error(
                "plan.years",
                y,
                format!("out of range; allowed 1 to {MAX_YEARS}"),
            );
            None
        }
    };
    let objective = match plan.objective.as_deref() {
        None => Some(Objective::Forage),
        Some(o) => {
            let found = Objective::from_name(o);
            if found.is_none() {
                let all: Vec<&str> = Objective::ALL.iter().map(|o| o.as_str()).collect();
                c.error(
                    "plan.objective",
                    format!("\"{o}\""),
                    format!("allowed: {}", all.join(", ")),
                );
            }
            found
        }
    };
    let species = match &plan.species {
        None => match species_table() {
            Ok(t) => t,
            Err(e) => {
                c.errors.0.extend(e.0);
                Vec::new()
            }
        },
        Some(list) => {
            if list.is_empty() {
                c.error(
                    "plan.species",
                    "[]",
                    "needs at least one species (or leave it out for all)",
                );
            }
            let mut out: Vec<Species> = Vec::new();
            for (k, id) in list.iter().enumerate() {
                match find_species(id) {
                    Ok(s) if out.iter().any(|o| o.id == s.id) => c.error(
                        &format!("plan.species[{k}]"),
                        format!("\"{id}\""),
                        "is listed twice",
                    ),
                    Ok(s) => out.push(s),
                    Err(e) => c.error(
                        &format!("plan.species[{k}]"),
                        format!("\"{id}\""),
                        e.message,
                    ),
                }
            }
            out
        }
    };

    // Shared tables: resolve textures, then let the scenario validator judge them.
    let mut top_texture = None;
    let mut shared = toml::Table::new();
    for key in ["grid", "transport"] {
        if let Some(v) = table.get(key) {
            shared.insert(key.to_string(), v.clone());
        }
    }
    if let Some(soil) = table.get("soil") {
        let mut soil = soil.clone();
        if let Some(layers) = soil.get_mut("layers").and_then(|l| l.as_array_mut()) {
            for (k, layer) in layers.iter_mut().enumerate() {
                if let Some(t) = layer.as_table_mut() {
                    let class = resolve_texture(&mut c, t, k);
                    if k == 0 {
                        top_texture = class;
                    }
                }
            }
        }
        shared.insert("soil".to_string(), soil);
    } else {
        c.error("soil", "", "missing table [soil] (give [[soil.layers]])");
    }
    if raw.grid.is_none() {
        c.error("grid", "", "missing table [grid]");
    }
    let mut sim = toml::Table::new();
    sim.insert("start".into(), "2027-01-01".into());
    sim.insert("duration_d".into(), 1.into());
    shared.insert("simulation".into(), sim.into());
    let mut initial = toml::Table::new();
    initial.insert("head_cm".into(), "equilibrium".into());
    match table.get("initial").and_then(|i| i.as_table()) {
        Some(i) => {
            for (k, v) in i {
                initial.insert(k.clone(), v.clone());
            }
        }
        None => c.error(
            "initial",
            "",
            "missing table [initial] (give ece_ds_m, salt_g_l, salt_profile_g_l or ece_profile_ds_m)",
        ),
    }
    shared.insert("initial".into(), initial.into());
    let mut top = toml::Table::new();
    top.insert("kind".into(), "atmospheric".into());
    top.insert("max_ponding_cm".into(), MAX_PONDING_CM.into());
    shared.insert("top".into(), top.into());
    let mut bottom = toml::Table::new();
    bottom.insert("kind".into(), "water_table".into());
    bottom.insert(
        "water_table_depth_cm".into(),
        gw_depth.unwrap_or(100.0).into(),
    );
    bottom.insert("salt_g_l".into(), gw_salt.unwrap_or(0.0).into());
    shared.insert("bottom".into(), bottom.into());

    let column = if raw.initial.is_some() && raw.soil.is_some() && raw.grid.is_some() {
        let doc = toml::to_string(&shared).unwrap_or_default();
        match crate::parse_scenario(&doc, file, base_dir) {
            Ok(s) => Some(s.column),
            Err(e) => {
                for mut err in e.0 {
                    err.location = err
                        .location
                        .replace("bottom.water_table_depth_cm", "groundwater.depth_cm")
                        .replace("bottom.salt_g_l", "groundwater.salt_g_l");
                    c.errors.push(err);
                }
                None
            }
        }
    } else {
        None
    };

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    // Every Option below is Some when no error was recorded.
    let (Some(climate), Some(latitude_deg), Some(elevation_m), Some(gw_depth), Some(gw_salt)) =
        (climate, latitude_deg, elevation_m, gw_depth, gw_salt)
    else {
        return Err(InputErrors::from(InputError::new(
            file,
            "document",
            "",
            "incomplete",
        )));
    };
    let (Some(column), Some(water), Some(years), Some(objective)) =
        (column, water, years, objective)
    else {
        return Err(InputErrors::from(InputError::new(
            file,
            "document",
            "",
            "incomplete",
        )));
    };
    let initial_root_zone_ece_ds_m = aralkum_core::column::Column::new(&column)
        .map(|col| col.root_zone_ece_ds_m(RECLAIM_DEPTH_CM))
        .map_err(|e| InputErrors::from(InputError::new(file, "soil", "", e.message)))?;
    Ok(Site {
        file: file.to_string(),
        name,
        latitude_deg,
        elevation_m,
        coastal: site.coastal.unwrap_or(false),
        climate,
        column,
        top_texture,
        initial_root_zone_ece_ds_m,
        groundwater_depth_cm: gw_depth,
        groundwater_salt_g_l: gw_salt,
        water,
        years,
        objective,
        species,
    })
}

/// Replaces `texture` or `sand_pct`/`silt_pct`/`clay_pct` of a layer by the Carsel & Parrish
/// (1988) class-average hydraulic keys; returns the layer's texture class when known.
fn resolve_texture(c: &mut Checker, t: &mut toml::Table, k: usize) -> Option<TextureClass> {
    let path = format!("soil.layers[{k}]");
    if let Some(v) = t.remove("texture") {
        let name = v.as_str().unwrap_or("").to_string();
        return match TextureClass::from_name(&name) {
            Some(class) => {
                insert_class(t, class);
                Some(class)
            }
            None => {
                c.error(
                    &format!("{path}.texture"),
                    format!("\"{name}\""),
                    "not a USDA texture class (sand, loamy sand, sandy loam, loam, silt, silt \
                     loam, sandy clay loam, clay loam, silty clay loam, sandy clay, silty clay, \
                     clay)",
                );
                None
            }
        };
    }
    let frac = |t: &toml::Table, key: &str| {
        t.get(key)
            .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
    };
    if let (Some(sand), Some(silt), Some(clay)) = (
        frac(t, "sand_pct"),
        frac(t, "silt_pct"),
        frac(t, "clay_pct"),
    ) {
        for key in ["sand_pct", "silt_pct", "clay_pct", "bulk_density_g_cm3"] {
            t.remove(key);
        }
        return match TextureClass::from_fractions(sand, silt, clay) {
            Ok(class) => {
                insert_class(t, class);
                Some(class)
            }
            Err(e) => {
                c.error(&format!("{path}.sand_pct"), sand, e.to_string());
                None
            }
        };
    }
    None
}

fn insert_class(t: &mut toml::Table, class: TextureClass) {
    let vg = carsel_parrish(class);
    t.insert("model".into(), "van_genuchten".into());
    t.insert("theta_r".into(), vg.theta_r.into());
    t.insert("theta_s".into(), vg.theta_s.into());
    t.insert("alpha_per_cm".into(), vg.alpha_per_cm.into());
    t.insert("n".into(), vg.n.into());
    t.insert("ks_cm_d".into(), vg.ks_cm_d.into());
    if !t.contains_key("l") {
        t.insert("l".into(), vg.l.into());
    }
}
