/**
 * The serving layer: what each scenario app (场景应用) may read, as masked Trino views
 * ({@code lake.serving.<app>_<table>}) and Trino file-based access rules, both generated from the data
 * contracts plus the app files in {@code conf/apps/*.yaml}. Nothing in an app file reaches SQL as text:
 * names are checked identifiers, values are escaped literals, filters are structural.
 */
package org.citylake.warehouse.serving;
