package io.tracelake.parsers.text;

import java.util.Map;

/**
 * The standard grok patterns (the names Logstash's pattern library gives them), written for
 * {@code java.util.regex}. References between them are expanded by {@link GrokCompiler}.
 */
final class GrokLibrary {
  private static final String HEX4 = "[0-9A-Fa-f]{1,4}";
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|[0-1]?[0-9]{1,2})";

  static final Map<String, String> PATTERNS = Map.ofEntries(
      Map.entry("USERNAME", "[a-zA-Z0-9._-]+"),
      Map.entry("USER", "%{USERNAME}"),
      Map.entry("EMAILLOCALPART", "[a-zA-Z][a-zA-Z0-9_.+=:-]+"),
      Map.entry("EMAILADDRESS", "%{EMAILLOCALPART}@%{HOSTNAME}"),
      Map.entry("INT", "(?:[+-]?(?:[0-9]+))"),
      Map.entry("BASE10NUM", "(?<![0-9.+-])(?>[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+)))"),
      Map.entry("NUMBER", "(?:%{BASE10NUM})"),
      Map.entry("BASE16NUM", "(?<![0-9A-Fa-f])(?:[+-]?(?:0x)?(?:[0-9A-Fa-f]+))"),
      Map.entry("BASE16FLOAT", "\\b(?<![0-9A-Fa-f.])(?:[+-]?(?:0x)?(?:(?:[0-9A-Fa-f]+(?:\\.[0-9A-Fa-f]*)?)"
          + "|(?:\\.[0-9A-Fa-f]+)))\\b"),
      Map.entry("POSINT", "\\b(?:[1-9][0-9]*)\\b"),
      Map.entry("NONNEGINT", "\\b(?:[0-9]+)\\b"),
      Map.entry("WORD", "\\b\\w+\\b"),
      Map.entry("NOTSPACE", "\\S+"),
      Map.entry("SPACE", "\\s*"),
      Map.entry("DATA", ".*?"),
      Map.entry("GREEDYDATA", ".*"),
      Map.entry("QUOTEDSTRING", "(?>(?<!\\\\)(?>\"(?>\\\\.|[^\\\\\"]+)+\"|\"\"|(?>'(?>\\\\.|[^\\\\']+)+')|''"
          + "|(?>`(?>\\\\.|[^\\\\`]+)+`)|``))"),
      Map.entry("QS", "%{QUOTEDSTRING}"),
      Map.entry("UUID", "[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}"),
      Map.entry("URN", "urn:[0-9A-Za-z][0-9A-Za-z-]{0,31}:(?:%[0-9a-fA-F]{2}|[0-9A-Za-z()+,.:=@;$_!*'/?#-])+"),
      Map.entry("MAC", "(?:%{CISCOMAC}|%{WINDOWSMAC}|%{COMMONMAC})"),
      Map.entry("CISCOMAC", "(?:(?:[A-Fa-f0-9]{4}\\.){2}[A-Fa-f0-9]{4})"),
      Map.entry("WINDOWSMAC", "(?:(?:[A-Fa-f0-9]{2}-){5}[A-Fa-f0-9]{2})"),
      Map.entry("COMMONMAC", "(?:(?:[A-Fa-f0-9]{2}:){5}[A-Fa-f0-9]{2})"),
      // forms with an embedded IPv4 first, then the longest: regex alternation takes the first that fits
      Map.entry("IPV6", "(?:(?:" + HEX4 + ":){6}%{IPV4}|::(?:ffff(?::0{1,4})?:)?%{IPV4}|(?:" + HEX4 + ":){1,4}:%{IPV4}"
          + "|(?:" + HEX4 + ":){7}" + HEX4 + "|(?:" + HEX4 + ":){1,6}:" + HEX4 + "|(?:" + HEX4 + ":){1,5}(?::" + HEX4
          + "){1,2}|(?:" + HEX4 + ":){1,4}(?::" + HEX4 + "){1,3}|(?:" + HEX4 + ":){1,3}(?::" + HEX4 + "){1,4}|(?:"
          + HEX4 + ":){1,2}(?::" + HEX4 + "){1,5}|" + HEX4 + ":(?::" + HEX4 + "){1,6}|(?:" + HEX4 + ":){1,7}:"
          + "|:(?:(?::" + HEX4 + "){1,7}|:))(?:%[0-9A-Za-z]+)?"),
      Map.entry("IPV4", "(?<![0-9])(?:" + OCTET + "[.]" + OCTET + "[.]" + OCTET + "[.]" + OCTET + ")(?![0-9])"),
      Map.entry("IP", "(?:%{IPV6}|%{IPV4})"),
      Map.entry("HOSTNAME", "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(?:\\.?|\\b)"),
      Map.entry("IPORHOST", "(?:%{IP}|%{HOSTNAME})"),
      Map.entry("HOSTPORT", "%{IPORHOST}:%{POSINT}"),
      Map.entry("PATH", "(?:%{UNIXPATH}|%{WINPATH})"),
      Map.entry("UNIXPATH", "(?:/[\\p{Alnum}_%!$@:.,+~-]*)+"),
      Map.entry("TTY", "(?:/dev/(?:pts|tty(?:[pq])?)(?:\\w+)?/?(?:[0-9]+))"),
      Map.entry("WINPATH", "(?>[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+"),
      Map.entry("URIPROTO", "[A-Za-z](?:[A-Za-z0-9+\\-.]+)+"),
      Map.entry("URIHOST", "%{IPORHOST}(?::%{POSINT:port})?"),
      Map.entry("URIPATH", "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_\\-]*)+"),
      Map.entry("URIPARAM", "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\-\\[\\]<>]*"),
      Map.entry("URIPATHPARAM", "%{URIPATH}(?:%{URIPARAM})?"),
      Map.entry("URI", "%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?"),
      Map.entry("MONTH", "\\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|ä)?r(?:ch|z)?|[Aa]pr(?:il)?"
          + "|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo](?:c|k)?t(?:ober)?"
          + "|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\\b"),
      Map.entry("MONTHNUM", "(?:0?[1-9]|1[0-2])"),
      Map.entry("MONTHNUM2", "(?:0[1-9]|1[0-2])"),
      Map.entry("MONTHDAY", "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])"),
      Map.entry("DAY", "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)"),
      Map.entry("YEAR", "(?>\\d\\d){1,2}"),
      Map.entry("HOUR", "(?:2[0123]|[01]?[0-9])"),
      Map.entry("MINUTE", "(?:[0-5][0-9])"),
      Map.entry("SECOND", "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)"),
      Map.entry("TIME", "(?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])"),
      Map.entry("DATE_US", "%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}"),
      Map.entry("DATE_EU", "%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}"),
      Map.entry("ISO8601_TIMEZONE", "(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))"),
      Map.entry("ISO8601_SECOND", "(?:%{SECOND}|60)"),
      Map.entry("TIMESTAMP_ISO8601",
          "%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?"),
      Map.entry("DATE", "%{DATE_US}|%{DATE_EU}"),
      Map.entry("DATESTAMP", "%{DATE}[- ]%{TIME}"),
      Map.entry("TZ", "(?:[APMCE][SD]T|UTC)"),
      Map.entry("DATESTAMP_RFC822", "%{DAY} %{MONTH} %{MONTHDAY} %{YEAR} %{TIME} %{TZ}"),
      Map.entry("DATESTAMP_RFC2822", "%{DAY}, %{MONTHDAY} %{MONTH} %{YEAR} %{TIME} %{ISO8601_TIMEZONE}"),
      Map.entry("DATESTAMP_OTHER", "%{DAY} %{MONTH} %{MONTHDAY} %{TIME} %{TZ} %{YEAR}"),
      Map.entry("DATESTAMP_EVENTLOG", "%{YEAR}%{MONTHNUM2}%{MONTHDAY}%{HOUR}%{MINUTE}%{SECOND}"),
      Map.entry("SYSLOGTIMESTAMP", "%{MONTH} +%{MONTHDAY} %{TIME}"),
      Map.entry("PROG", "[\\x21-\\x5a\\x5c\\x5e-\\x7e]+"),
      Map.entry("SYSLOGPROG", "%{PROG:program}(?:\\[%{POSINT:pid}\\])?"),
      Map.entry("SYSLOGHOST", "%{IPORHOST}"),
      Map.entry("SYSLOGFACILITY", "<%{NONNEGINT:facility}.%{NONNEGINT:priority}>"),
      Map.entry("HTTPDATE", "%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}"),
      Map.entry("SYSLOGBASE",
          "%{SYSLOGTIMESTAMP:timestamp} (?:%{SYSLOGFACILITY} )?%{SYSLOGHOST:logsource} %{SYSLOGPROG}:"),
      Map.entry("LOGLEVEL", "(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo?(?:rmation)?"
          + "|INFO?(?:RMATION)?|[Ww]arn?(?:ing)?|WARN?(?:ING)?|[Ee]rr?(?:or)?|ERR?(?:OR)?|[Cc]rit?(?:ical)?"
          + "|CRIT?(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|EMERG(?:ENCY)?|[Ee]merg(?:ency)?)"),
      Map.entry("HTTPDUSER", "%{EMAILADDRESS}|%{USER}"),
      Map.entry("HTTPD_COMMONLOG", "%{IPORHOST:clientip} %{HTTPDUSER:ident} %{HTTPDUSER:auth} "
          + "\\[%{HTTPDATE:timestamp}\\] \"(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?"
          + "|%{DATA:rawrequest})\" (?:-|%{NUMBER:response}) (?:-|%{NUMBER:bytes})"),
      Map.entry("HTTPD_COMBINEDLOG", "%{HTTPD_COMMONLOG} %{QS:referrer} %{QS:agent}"),
      Map.entry("COMMONAPACHELOG", "%{HTTPD_COMMONLOG}"),
      Map.entry("COMBINEDAPACHELOG", "%{HTTPD_COMBINEDLOG}"),
      Map.entry("JAVACLASS", "(?:[a-zA-Z$_][a-zA-Z$_0-9]*\\.)*[a-zA-Z$_][a-zA-Z$_0-9]*"),
      Map.entry("JAVAFILE", "(?:[a-zA-Z$_0-9. -]+)"),
      Map.entry("JAVAMETHOD", "(?:(?:<(?:cl)?init>)|[a-zA-Z$_][a-zA-Z$_0-9]*)"),
      Map.entry("JAVASTACKTRACEPART",
          "%{SPACE}at %{JAVACLASS:class}\\.%{JAVAMETHOD:method}\\(%{JAVAFILE:file}(?::%{NUMBER:line})?\\)"),
      Map.entry("JAVATHREAD", "(?:[A-Z]{2}-Processor[\\d]+)"),
      Map.entry("JAVALOGMESSAGE", "(?:.*)"));

  private GrokLibrary() {}
}
