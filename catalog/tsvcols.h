/*
 * tsvcols.h: the jdu2600 TSV layout, in one place for the loader
 * (catalog/tsv.c), the exporter (render/export_tsv.c) and the source
 * walker (catalog/source.c), which must agree byte for byte
 * (tests/tsv_roundtrip.sh).  The two layouts and their headers are
 * described at the top of catalog/tsv.c.
 */
#ifndef ECAT_TSVCOLS_H
#define ECAT_TSVCOLS_H

/* The header lines, without their line end. */
#define ECAT_TSV_HDR_MANIFEST	"provider\tevent_id\tversion\t" \
	"event(fields)\topcode\tkeywords\ttask\tlevel\tevtlog_channel\t" \
	"evtlog_message"
#define ECAT_TSV_HDR_MOF	"provider\tcategory\tevent_id\tversion\t" \
	"event(fields)\tevent_type\tdescription"

/* The columns of a manifest row. */
enum ecat_tsvm {
	TSVM_PROVIDER, TSVM_EVENT_ID, TSVM_VERSION, TSVM_EVENT, TSVM_OPCODE,
	TSVM_KEYWORDS, TSVM_TASK, TSVM_LEVEL, TSVM_CHANNEL, TSVM_MESSAGE,
	TSVM__N
};

/* The columns of a mof row. */
enum ecat_tsvo {
	TSVO_PROVIDER, TSVO_CATEGORY, TSVO_EVENT_ID, TSVO_VERSION,
	TSVO_EVENT, TSVO_EVENT_TYPE, TSVO_DESCRIPTION,
	TSVO__N
};

/* Each layout's folder in a build (SRC/<build>/{manifest,mof}/) and
   its name in messages. */
#define ECAT_TSV_MANIFEST	"manifest"
#define ECAT_TSV_MOF		"mof"

#endif /* !ECAT_TSVCOLS_H */
