/** Contract model and loader, catalog metadata, classification and lineage. */
package org.citylake.catalog;
