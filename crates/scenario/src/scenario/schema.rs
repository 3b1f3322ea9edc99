//! The scenario file as written (INTERFACES section 5): serde types that mirror the TOML.
//!
//! Every table denies unknown keys. Nearly every key is optional here so that a missing key is
//! reported by the validator (`validate.rs`) with its key path, together with every other problem,
//! instead of serde stopping at the first one. Units are in the key names.

use serde::Deserialize;

/// `[simulation]`: the clock and what to record.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    /// Calendar date of day 0, `YYYY-MM-DD`.
    pub start: Option<String>,
    /// Length of the run (d), may be fractional.
    pub duration_d: Option<f64>,
    /// Interval of the rows of `daily.csv` (d), may be fractional.
    pub output_interval_d: Option<f64>,
    /// Times (d) of the profiles written besides day 0.
    pub profile_times_d: Option<Vec<f64>>,
    /// Depth (cm) over which root-zone salinity is averaged (default: the plant's rooting depth,
    /// else 30 cm).
    pub root_zone_depth_cm: Option<f64>,
    /// TDS-to-EC factor, g/L per dS/m (default 0.64).
    pub tds_g_l_per_ds_m: Option<f64>,
    /// Solver path: `"fast"` (tabulated hydraulics, default) or `"reference"` (closed forms).
    pub accuracy: Option<String>,
}

/// `[site]`: where the column is.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    /// A name for reports.
    pub name: Option<String>,
    /// Latitude (degrees, north positive).
    pub latitude_deg: Option<f64>,
    /// Elevation above sea level (m).
    pub elevation_m: Option<f64>,
    /// Built-in climate station (site files of `aralkum plan`).
    pub station: Option<String>,
    /// True near a large water body (Hargreaves kRs 0.19 instead of 0.16).
    pub coastal: Option<bool>,
    /// Height of the wind measurement of the weather file (m, default 2).
    pub wind_height_m: Option<f64>,
}

/// `[grid]`: the column's depth and its least number of nodes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrid {
    /// Depth of the column (cm).
    pub depth_cm: Option<f64>,
    /// Least number of nodes.
    pub nodes: Option<i64>,
    /// Largest node spacing (cm), instead of `nodes`.
    pub spacing_cm: Option<f64>,
}

/// `[soil]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSoil {
    /// Layers top to bottom.
    pub layers: Option<Vec<RawLayer>>,
}

/// One `[[soil.layers]]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLayer {
    /// Depth of the bottom of the layer (cm).
    pub bottom_cm: Option<f64>,
    /// `"van_genuchten"` or `"gardner"`.
    pub model: Option<String>,
    /// Residual water content.
    pub theta_r: Option<f64>,
    /// Saturated water content.
    pub theta_s: Option<f64>,
    /// van Genuchten or Gardner alpha (1/cm).
    pub alpha_per_cm: Option<f64>,
    /// van Genuchten n.
    pub n: Option<f64>,
    /// Saturated conductivity (cm/d).
    pub ks_cm_d: Option<f64>,
    /// Mualem pore-connectivity parameter (default 0.5).
    pub l: Option<f64>,
    /// Air-entry head of the van Genuchten model (cm, <= 0; Vogel et al. 2001), none by default.
    pub air_entry_cm: Option<f64>,
    /// Longitudinal dispersivity (cm).
    pub dispersivity_cm: Option<f64>,
    /// Sand (% by mass) for pedotransfer.
    pub sand_pct: Option<f64>,
    /// Silt (% by mass) for pedotransfer.
    pub silt_pct: Option<f64>,
    /// Clay (% by mass) for pedotransfer.
    pub clay_pct: Option<f64>,
    /// Bulk density (g/cm3) for pedotransfer.
    pub bulk_density_g_cm3: Option<f64>,
    /// Organic matter (% by mass) for pedotransfer (default 0.5).
    pub organic_matter_pct: Option<f64>,
    /// Whether the layer is a topsoil, for pedotransfer (default: the first layer is).
    pub topsoil: Option<bool>,
    /// USDA texture class for the Carsel & Parrish (1988) class averages.
    pub texture: Option<String>,
}

/// `[initial]`: the state at day 0.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInitial {
    /// A number (cm) or `"equilibrium"`.
    pub head_cm: Option<toml::Value>,
    /// `[[depth_cm, head_cm], ...]`.
    pub head_profile_cm: Option<Vec<Vec<f64>>>,
    /// Volumetric water content everywhere.
    pub theta: Option<f64>,
    /// Soil-solution concentration (g/L) everywhere.
    pub salt_g_l: Option<f64>,
    /// ECe (dS/m) everywhere.
    pub ece_ds_m: Option<f64>,
    /// `[[depth_cm, g_l], ...]`.
    pub salt_profile_g_l: Option<Vec<Vec<f64>>>,
    /// `[[depth_cm, ds_m], ...]`.
    pub ece_profile_ds_m: Option<Vec<Vec<f64>>>,
}

/// `[top]`: the upper boundary.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTop {
    /// `"atmospheric"`, `"constant_head"` or `"flux"`.
    pub kind: Option<String>,
    /// Driest surface head (cm) of an atmospheric top.
    pub h_crit_cm: Option<f64>,
    /// Deepest ponding (cm) of an atmospheric top.
    pub max_ponding_cm: Option<f64>,
    /// Concentration (g/L) of water entering through a constant_head or flux top.
    pub salt_g_l: Option<f64>,
    /// Surface head (cm) of a constant_head top.
    pub head_cm: Option<f64>,
    /// Flux (cm/d, positive downward) of a flux top.
    pub flux_cm_d: Option<f64>,
}

/// `[bottom]`: the lower boundary.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBottom {
    /// `"water_table"`, `"free_drainage"`, `"constant_head"` or `"zero_flux"`.
    pub kind: Option<String>,
    /// Depth of the water table below the surface (cm).
    pub water_table_depth_cm: Option<f64>,
    /// Head at the bottom node (cm) of a constant_head bottom.
    pub head_cm: Option<f64>,
    /// Concentration (g/L) of water entering from below.
    pub salt_g_l: Option<f64>,
}

/// `[forcing]`: an explicit series, or weather (with an ET0 split).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawForcing {
    /// CSV `day,precip_cm,irrigation_cm,irrigation_salt_g_l,pot_evap_cm,pot_transp_cm`.
    pub series: Option<String>,
    /// Daily weather CSV (ET0 is computed from it).
    pub weather: Option<String>,
    /// Concentration of rain (g/L), default 0.
    pub precip_salt_g_l: Option<f64>,
    /// Soil evaporation coefficient on ET0 for the bare part of the surface (default 1.0).
    pub kc_soil: Option<f64>,
    /// Crop coefficient of a full cover (default 1.0).
    pub kc_plant: Option<f64>,
    /// Fraction of the surface covered by the canopy (constant).
    pub cover_fraction: Option<f64>,
    /// `[[day, fraction], ...]`, linear between points.
    pub cover_fraction_profile: Option<Vec<Vec<f64>>>,
}

/// One `[[irrigation]]` rule.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIrrigation {
    /// Days between applications.
    pub every_d: Option<f64>,
    /// Depth of each application (cm).
    pub depth_cm: Option<f64>,
    /// Concentration of the water (g/L).
    pub salt_g_l: Option<f64>,
    /// Time of the first application (d), default 0.
    pub start_d: Option<f64>,
    /// No application starts after this time (d), default the end of the run.
    pub end_d: Option<f64>,
}

/// One `[[plants]]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlant {
    /// Species id (a label until the species table exists).
    pub species: Option<String>,
    /// Rooting depth (cm).
    pub root_depth_cm: Option<f64>,
    /// Feddes heads h1, h2, h3 (high T), h3 (low T), h4 (cm).
    pub feddes_cm: Option<Vec<f64>>,
    /// Potential transpiration (cm/d) at which h3 (high) and h3 (low) apply.
    pub feddes_tp_cm_d: Option<Vec<f64>>,
    /// `"uniform"`, `"linear"` or `[[depth_cm, weight], ...]`.
    pub root_distribution: Option<toml::Value>,
    /// Maas-Hoffman threshold (dS/m).
    pub salt_threshold_ds_m: Option<f64>,
    /// Maas-Hoffman slope (% per dS/m).
    pub salt_slope_pct_per_ds_m: Option<f64>,
    /// van Genuchten (1987) S-shape EC50 (dS/m).
    pub salt_ec50_ds_m: Option<f64>,
    /// van Genuchten (1987) S-shape exponent.
    pub salt_exponent: Option<f64>,
    /// `"ece"` or `"soil_solution"`.
    pub salt_stress_basis: Option<String>,
    /// Day of the run on which the season starts (sowing, or a shrub's spring), default 0.
    pub season_start_d: Option<f64>,
}

/// `[transport]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTransport {
    /// Molecular diffusion in free water (cm2/d).
    pub molecular_diffusion_cm2_d: Option<f64>,
    /// `"millington_quirk"` or `"none"`.
    pub tortuosity: Option<String>,
}

/// The top-level tables a scenario may have.
pub const SECTIONS: &[&str] = &[
    "simulation",
    "site",
    "grid",
    "soil",
    "initial",
    "top",
    "bottom",
    "forcing",
    "irrigation",
    "plants",
    "transport",
];
