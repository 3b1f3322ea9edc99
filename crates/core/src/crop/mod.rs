//! Crops and shrubs: crop coefficients, canopy cover, the split of crop evapotranspiration into
//! potential evaporation and transpiration, root growth, yield response, biomass and forage.
//!
//! One module per published relation:
//! - [`kc`]: the FAO-56 single crop coefficient curve (Allen et al. 1998, ch. 6, eq. 66, Fig. 25);
//! - [`cover`]: canopy cover from Kc (FAO-56 eq. 76), the basal coefficient of sparse vegetation
//!   from cover (FAO-56 eq. 98), Kc,max (FAO-56 eq. 72) and the shrub cover curve over years;
//! - [`split`]: potential evaporation and transpiration from ETc and cover;
//! - [`roots`]: rooting depth over a season and over years;
//! - [`yield_response`]: FAO-33 Ky relative yield, Steduto et al. (2009) biomass, harvest index,
//!   Maas-Hoffman / S-shape salinity yield;
//! - [`forage`]: forage dry matter and livestock carrying capacity;
//! - [`season`]: what a simulated season gives (relative yield, biomass, yield, forage, animal
//!   units, survival);
//! - [`params`]: [`SpeciesParams`], every number of one row of the species table;
//! - [`daily`]: one day's potentials for a species, combining the above.
//!
//! # Units
//! Depths in cm, time in days (and years for perennials), water in cm or cm/d, biomass in g/m2
//! (1 g/m2 = 0.01 t/ha = 10 kg/ha), conductivities in dS/m.

pub mod cover;
pub mod daily;
pub mod forage;
pub mod kc;
pub mod params;
pub mod roots;
pub mod season;
pub mod split;
pub mod yield_response;

pub use cover::ShrubCover;
pub use daily::{daily_potential, DailyPotential};
pub use kc::{KcCurve, KcStage};
pub use params::{Canopy, FeddesHeads, RootGrowth, RootParams, SaltTolerance, SpeciesParams};
pub use season::{season_outcome, Grazing, SeasonOutcome, SeasonTotals};
pub use split::PotentialSplit;
