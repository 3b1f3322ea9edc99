//! Soil and water salinity: stress response of plants to salinity, salinity and sodicity
//! classes, and conversions between the measures field laboratories report.
//!
//! - [`stress`]: Maas & Hoffman (1977) and S-shaped responses, FAO-29 yield-potential inversions,
//!   the FAO-56 salinity stress coefficient.
//! - [`sar`]: sodium adsorption ratio and ESP (USDA Handbook 60).
//! - [`classes`]: FAO/USDA salinity classes by ECe, sodicity, Handbook 60 categories.
//! - [`ec1_5`]: EC of a 1:5 extract to ECe by texture (Slavich & Petterson 1993).

pub mod classes;
pub mod ec1_5;
pub mod sar;
pub mod stress;

pub use classes::{is_sodic, SalinityClass, SaltAffectedCategory, SODIC_ESP_PCT, SODIC_SAR};
pub use ec1_5::{ece_ds_m_from_ec1_5, ece_per_ec1_5};
pub use sar::{esp_pct_from_sar, sodium_adsorption_ratio};
