"""The engine's messages, each once: an id, its English template and its Chinese template.

`text(key, **fields)` (the engine's) and `parser_text` (the expression parser's) fill one in, in the
default language (autograd.set_language, or the environment).
The Chinese keeps every name, number and formula as ASCII set off by spaces, so the retelling of an
error in the student's own names (errors.in_names) works the same in both languages. The learners'
warnings live in mistakes.py (WARNINGS), in the same form.
"""

from __future__ import annotations

from .language import get_language, say

ENGINE = {
    # Files written and read (files): each names the operation and the path, and says what to do
    "path_type": ("{who}: path must be a str or Path, got {path!r} ({type})",
                  "{who}：path 必须是 str 或 Path，得到的却是 {path!r}（{type}）"),
    "no_folder": ("{who}: the folder {folder!r} does not exist; create it first",
                  "{who}：文件夹 {folder!r} 不存在；请先创建它"),
    "is_folder": ("{who}: {path!r} is a folder; give a file name such as {example}",
                  "{who}：{path!r} 是一个文件夹；请给出一个文件名，例如 {example}"),
    "not_regular": ("{who}: {path!r} is {kind}, not a regular file; chainrule replaces only regular files, so give a "
                    "file name such as {example}",
                    "{who}：{path!r} 是{kind}，不是普通文件；chainrule 只替换普通文件，"
                    "请给出一个文件名，例如 {example}"),
    "not_regular_cli": ("{who}: {path!r} is {kind}, not a regular file; chainrule replaces only regular files, so give "
                        "another name",
                        "{who}：{path!r} 是{kind}，不是普通文件；chainrule 只替换普通文件，请换一个名字"),
    "disk_full": ("{who}: no space left on the device to write {path!r}{need}; free some space or choose another "
                  "folder",
                  "{who}：设备上没有空间写入 {path!r}{need}；请腾出一些空间，或换一个文件夹"),
    "bytes_needed": (" ({size:,} bytes)", "（{size:,} 字节）"),
    "cannot_write_path": ("{who}: cannot write {path!r}: {reason}", "{who}：无法写入 {path!r}：{reason}"),
    "cannot_write_in": ("{who}: cannot write in {folder!r} (read-only or no permission); choose another folder",
                        "{who}：无法在 {folder!r} 里写入（只读，或没有权限）；请换一个文件夹"),
    "read_folder": ("{who}: {path} is {kind}, not a {what}", "{who}：{path} 是{kind}，不是{what}"),
    "read_not_regular": ("{who}: {path} is {kind}, not a {what}; only regular files are read",
                         "{who}：{path} 是{kind}，不是{what}；只读取普通文件"),
    "too_big": ("{who}: {path} is {size:,} bytes, more than a {what} may be ({most:,} bytes); pass a larger max_bytes "
                "to read it",
                "{who}：{path} 有 {size:,} 字节，超过了{what}所允许的大小（{most:,} 字节）；"
                "要读取它，请传入更大的 max_bytes"),
    "grew": ("{who}: {path} grew past {most:,} bytes as it was read, more than a {what} may be ({most:,} bytes); pass "
             "a larger max_bytes to read it",
             "{who}：{path} 在读取时增长到超过 {most:,} 字节，超过了{what}所允许的大小（{most:,} 字节）；"
             "要读取它，请传入更大的 max_bytes"),
    "cannot_read": ("{who}: cannot read {path}: {reason}", "{who}：无法读取 {path}：{reason}"),
    "kind_regular": ("a regular file", "普通文件"),
    "kind_folder": ("a folder", "文件夹"),
    "kind_character": ("a character device", "字符设备"),
    "kind_block": ("a block device", "块设备"),
    "kind_fifo": ("a named pipe (FIFO)", "命名管道（FIFO）"),
    "kind_socket": ("a socket", "套接字（socket）"),
    "kind_other": ("not a regular file", "非普通文件"),
    # Numbers in (errors.as_float)
    "nan": ("{op}: got nan; chainrule refuses nan (use autograd.ieee_mode() to allow it)",
            "{op}：得到 nan；chainrule 不接受 nan（要允许 nan，请用 autograd.ieee_mode()）"),
    "not_real": ("{op}: expected a real number, got {got}", "{op}：需要一个实数，得到的却是 {got}"),
    "complex": ("{op}: expected a real number, got the complex {got}", "{op}：需要一个实数，得到的却是复数 {got}"),
    "too_large": ("{op}: the {kind} {value} is too large for a float (it overflows: a float holds at most {most:.4g})",
                  "{op}：{kind} 类型的数 {value} 超出了 float 的范围（溢出：float 最大只能表示 {most:.4g}）"),
    "bad_label": ("{who}: a label must be a str, got {got} on {what} with data {data!r}; set it with v.label = 'name'",
                  "{who}：label 必须是字符串（str），{what}（data = {data!r}）的 label 却是 {got}；"
                  "请这样设置：v.label = 'name'"),
    "the_node": ("the {op!r} node", "{op!r} 节点"),
    "a_leaf": ("a leaf", "一个叶节点"),
    # The ops' own errors, like Python's math module; errors.in_names retells them in the operands' names
    "domain": ("{op}: math domain error, {op}(x) needs {need}, got x = {x!r}",
               "{op}：数学定义域错误，{op}(x) 要求 {need}，而 x = {x!r}"),
    "finite_x": ("a finite x", "x 为有限数"),
    "division": ("division by zero: x / y with x = {x!r}, y = {y!r}", "除以零：x / y，其中 x = {x!r}，y = {y!r}"),
    "divisor_named": ("division by zero: in {expression} the divisor {divisor} is {value!r}{dividend}",
                      "除以零：在 {expression} 中，除数 {divisor} 等于 {value!r}{dividend}"),
    "divisor_number": ("division by zero: in {expression} the divisor is {value!r}{dividend}",
                       "除以零：在 {expression} 中，除数等于 {value!r}{dividend}"),
    "dividend": (" ({name} = {value!r})", "（{name} = {value!r}）"),
    "overflow": ("{op}: result overflows a float for x = {x!r} ({op} needs {limit})",
                 "{op}：结果超出了 float 的范围（溢出），x = {x!r}（{op} 要求 {limit}）"),
    "overflow_power": ("{op}: result overflows a float for x = {x!r}, exponent {k!r}",
                       "{op}：结果超出了 float 的范围（溢出），x = {x!r}，指数为 {k!r}"),
    "overflow_xy": ("{op}: result overflows a float for x = {x!r}, y = {y!r}",
                    "{op}：结果超出了 float 的范围（溢出），x = {x!r}，y = {y!r}"),
    "exponent": ("pow: the exponent must be a finite number, got {k!r}", "pow：指数必须是有限数，得到的却是 {k!r}"),
    "zero_power": ("pow: 0.0 cannot be raised to a negative power {name} = {k!r}",
                   "pow：0.0 不能取负数次幂，而 {name} = {k!r}"),
    "negative_base": ("pow: base x = {x!r} is negative, so d/dy x^y = x^y * ln(x) is not real; use a number "
                      "as the exponent (x ** 2) if you do not need d/dy",
                      "pow：底数 x = {x!r} 是负数，d/dy x^y = x^y * ln(x) 不是实数；"
                      "如果不需要 d/dy，请用一个数作指数（x ** 2）"),
    "negative_fraction": ("pow: negative base x = {x!r} with non-integer exponent k = {k!r} is not real",
                          "pow：负数底数 x = {x!r} 的非整数次幂（k = {k!r}）不是实数"),
    "gelu_approximate": ("gelu: approximate must be 'none' or 'tanh', got {got!r}",
                         "gelu：approximate 只能是 'none' 或 'tanh'，得到的却是 {got!r}"),
    # Retelling in the student's names (errors.in_names, errors.describe)
    "in_expression": ("{message}, in {expression}", "{message}，出现在 {expression} 中"),
    "operands": ("{message} (operand {labels})", "{message}（运算数 {labels}）"),
    "operand": ("operand", "运算数"),
    # Results and backward (errors.check_result, seed, nonfinite_*, anomaly_in_backward)
    "nan_result": ("{op}: the result is nan for {operands}", "{op}：当 {operands} 时，结果是 nan"),
    "anomaly_forward": ("detect_anomaly: {op} made {data!r} from {operands}",
                        "detect_anomaly：{op} 由 {operands} 算出了 {data!r}"),
    "seed": ("backward: the seed gradient must be finite, got {grad!r}",
             "backward：起始梯度必须是有限数，得到的却是 {grad!r}"),
    "gradient_reaching": ("backward: the gradient reaching {name} (data = {data!r}) is {grad!r}; run backward under "
                          "autograd.detect_anomaly() to find the op that made it",
                          "backward：传到 {name}（data = {data!r}）的梯度是 {grad!r}；"
                          "请在 autograd.detect_anomaly() 之下运行 backward，找出产生它的运算"),
    "labelled": ("'{label}'", "'{label}'"),
    "op_node": ("a {op} node", "一个 {op} 节点"),
    "leaf_node": ("a leaf node", "一个叶节点"),
    "leaf_gradient": ("backward: the gradient of {name} is {grad!r}, the sum of what reached it along {n} edge(s): "
                      "{edges}{more}",
                      "backward：{name} 的梯度是 {grad!r}，是沿 {n} 条边传到它的梯度之和：{edges}{more}"),
    "leaf_with_data": ("the leaf with data {data!r}", "data 为 {data!r} 的叶节点"),
    "edge_into_leaf": ("{op} node{label} ({upstream!r} * {local!r} = {product!r})",
                       "{op} 节点{label}（{upstream!r} * {local!r} = {product!r}）"),
    "list_separator": ("; ", "；"),
    "anomaly_backward": ("detect_anomaly: backward through {op} node '{node}' (inputs {operands}) made the gradient "
                         "of input {i} '{parent}' {grad!r}: {before!r} + upstream {upstream!r} * local {local!r}",
                         "detect_anomaly：反向传播经过 {op} 节点 '{node}'（输入 {operands}）时，"
                         "第 {i} 个输入 '{parent}' 的梯度变成了 {grad!r}：{before!r} + 上游梯度 {upstream!r} "
                         "* 局部导数 {local!r}"),
    "foreign_parent": ("{op}: a parent of this node is {got}, which is not a chainrule Value; give ops chainrule "
                       "Values or plain numbers",
                       "{op}：这个节点的一个父节点是 {got}，它不是 chainrule 的 Value；"
                       "请给运算传入 chainrule 的 Value 或普通的数"),
    "not_a_value": ("{who}: expected {what}, got {got}", "{who}：需要 {what}，得到的却是 {got}"),
    "a_value": ("a Value", "一个 Value"),
    # A new primitive's local derivatives, checked against central differences (primitives.check_op)
    "wrong_local": ("{who}: {op}: d/d{arg} is {local:.8g} by the op's local derivative ({rule}) but {numerical:.8g} "
                    "by central differences {where}",
                    "{who}：{op}：按这个运算给出的局部导数（{rule}），d/d{arg} = {local:.8g}，"
                    "而中心差分给出的是 {numerical:.8g}（{where}）"),
    "at_point": ("at {at}", "在 {at} 处"),
    # Pictures (render/draw.py)
    "png_no_cjk": ("draw: a {format} here cannot show Chinese (that needs a system Graphviz and a CJK font, see "
                   "`fc-list :lang=zh`), so its words are English; an SVG shows them in Chinese",
                   "draw：这里的 {format} 显示不了中文（需要系统安装的 Graphviz 和一种中文字体，见 "
                   "`fc-list :lang=zh`），所以图中的文字用英文；SVG 图中显示中文"),
    "raised_in_domain": ("primitive: {op} raised {kind} ({error}) {where}, inside its test domain {domain}; give "
                         "domain=[(low, high), ...] where it is defined",
                         "primitive：{op} {where}抛出了 {kind}（{error}），而这一点在它的测试定义域 {domain} 之内；"
                         "请用 domain=[(low, high), ...] 给出它有定义的范围"),
}  # fmt: skip

PARSER = {
    "column": ("column {column}: {message}", "第 {column} 列：{message}"),
    "in_the_expression": ("in the expression {shown}{where}: {reason}", "表达式 {shown}{where}：{reason}"),
    "at_column": (", column {column}", " 第 {column} 列"),
    "not_text": ("expected the expression as text, got {kind}", "表达式应当是文本（str），得到的却是 {kind}"),
    "too_long": ("the expression is too long ({n:,} characters; the limit is {limit:,})",
                 "表达式太长（{n:,} 个字符；上限是 {limit:,}）"),
    "empty": ("the expression is empty", "表达式是空的"),
    "bad_character": ("character {char!r} is not valid text", "字符 {char!r} 不是有效的文本"),
    "syntax": ("syntax error: {detail}", "语法错误（Python 的提示）：{detail}"),
    "too_deep": ("the expression is nested too deeply", "表达式嵌套太深"),
    "missing": ("no value given for {names} (give them with --at, e.g. {first}=1.5)",
                "没有给出 {names} 的值（请用 --at 给出，例如 {first}=1.5）"),
    "name_number": ("expected name=number, got {item!r}", "应当写成 name=number，得到的却是 {item!r}"),
    "function_as_variable": ("{name!r} is a function and cannot be a variable", "{name!r} 是函数，不能用作变量"),
    "twice": ("{name} is given twice; give each variable one value", "{name} 给了两次；每个变量只能给一个值"),
    "not_finite": ("{name}: {number!r} is not a finite number", "{name}：{number!r} 不是有限数"),
    "too_many_parts": ("the expression has more than {limit:,} parts", "表达式的组成部分超过了 {limit:,} 个"),
    "constant": ("only numbers are allowed as constants, not {value!r}", "常数只能是数，不能是 {value!r}"),
    "operator": ("the operator {symbol} is not allowed", "不允许使用运算符 {symbol}"),
    "unary": ("only unary - and + are allowed", "一元运算符只允许 - 和 +"),
    "call_the_function": ("{name} is a function: call it, e.g. {name}(x)", "{name} 是函数：要调用它，例如 {name}(x)"),
    "underscore": ("names starting with _ are not allowed", "不允许以 _ 开头的名字"),
    "attribute": ("attribute access (.{attr}) is not allowed", "不允许访问属性（.{attr}）"),
    "forbidden": ("{what} is not allowed; use numbers, names, + - * / ** and {functions}",
                  "不允许使用{what}；只能用数、变量名、+ - * / ** 以及 {functions}"),
    "lambda": ("a lambda is not allowed", "不允许使用 lambda"),
    "call": ("this call is not allowed: only the op functions can be called, by name, e.g. tanh(x)",
             "不允许这样调用：只能按名字调用运算函数，例如 tanh(x)"),
    "unknown_function": ("unknown function {name!r}; the functions are {functions}",
                         "未知的函数 {name!r}；可用的函数有 {functions}"),
    "one_argument": ("{name}() takes exactly one argument", "{name}() 只接受一个参数"),
    "takes": ("{name}() takes {takes}", "{name}() 接受 {takes}"),
    "no_parameter": ("{name}() has no parameter {key!r}; it takes {takes}",
                     "{name}() 没有参数 {key!r}；它接受 {takes}"),
    "parameter_twice": ("{name}() got the parameter {key} twice", "{name}() 的参数 {key} 给了两次"),
    "parameter_kind": ("{name}(): the parameter {key} must be {kind}", "{name}()：参数 {key} 必须是{kind}"),
    "quoted_word": ("a quoted word, e.g. 'tanh'", "带引号的词，例如 'tanh'"),
    "finite_number": ("a finite number, e.g. 0.2", "有限数，例如 0.2"),
    "arguments": ("{n} argument{s} ({names})", "{n} 个参数（{names}）"),
    "and_parameters": ("{takes} and then the parameter{s} {names}, e.g. {example}",
                       "{takes}，之后是常数参数 {names}，例如 {example}"),
    "number_not_finite": ("{what}: {x!r} is not a finite number", "{what}：{x!r} 不是有限数"),
    # Students' slips, each answered with the fix
    "implicit_product": ("write {number}*{name}: Python needs * between a number and a name",
                         "请写成 {number}*{name}：Python 要求数和名字之间有 *"),
    "bars": ("write abs(x) for |x|: the bars are not Python", "请用 abs(x) 表示 |x|：竖线不是 Python 的写法"),
    "superscript": ("write **{power} for {char}: a power is x**{power}",
                    "请用 **{power} 代替 {char}：乘方写作 x**{power}"),
    "xor": ("^ is not a power in Python (it is bitwise xor): write ** for a power, e.g. x ** 2",
            "^ 在 Python 中不是乘方（它是按位异或）：乘方请写 **，例如 x ** 2"),
    "written_as": ("{name} is written {known} here: {known}(x)", "{name} 在这里写作 {known}：{known}(x)"),
    "module_prefix": ("write {attr}(x): functions are called by their name alone, without a module",
                      "请写成 {attr}(x)：函数只用名字调用，前面不加模块名"),
    "times_parenthesis": ("write {number!r}*(...): Python needs * before a parenthesis",
                          "请写成 {number!r}*(...)：Python 要求括号前有 *"),
    "case": ("no value given for {name}; you gave {given}, but names are case-sensitive: write --at {name}={value:g}",
             "没有给出 {name} 的值；你给的是 {given}，但名字区分大小写：请写 --at {name}={value:g}"),
    "one_per_item": ("give one NAME=NUMBER per item, separated by spaces: --at {parts}",
                     "每项只写一个 NAME=NUMBER，各项之间用空格分开：--at {parts}"),
    "decimal_point": ("write a decimal point, not a comma: {fixed}", "小数点请用句点，不要用逗号：{fixed}"),
    "equals": ("write NAME=NUMBER: {fixed}", "请写成 NAME=NUMBER：{fixed}"),
    "spaces": ("write each value without spaces around =, e.g. --at x=1", "每个值的 = 两边不要有空格，例如 --at x=1"),
}  # fmt: skip

# What the parser refuses, by the kind of syntax-tree node, named in each language.
FORBIDDEN = {
    "Lambda": ("a lambda", " lambda"), "ListComp": ("a list comprehension", "列表推导式"),
    "SetComp": ("a set comprehension", "集合推导式"), "DictComp": ("a dict comprehension", "字典推导式"),
    "GeneratorExp": ("a generator expression", "生成器表达式"), "IfExp": ("an if/else expression", " if/else 表达式"),
    "Compare": ("a comparison", "比较"), "BoolOp": ("and/or", " and/or"), "Subscript": ("indexing", "下标"),
    "JoinedStr": ("an f-string", " f-string"), "List": ("a list", "列表"), "Tuple": ("a tuple", "元组"),
    "Dict": ("a dict", "字典"), "Set": ("a set", "集合"), "Starred": ("*unpacking", " *解包"),
    "NamedExpr": ("an assignment (:=)", "赋值（:=）"), "Await": ("await", " await"), "Yield": ("yield", " yield"),
    "YieldFrom": ("yield", " yield"), "Slice": ("a slice", "切片"),
}  # fmt: skip

CLI = {
    "error": ("chainrule: error: {message}", "chainrule：错误：{message}"),
    "interrupted": ("chainrule: interrupted (Ctrl-C)", "chainrule：已中断（Ctrl-C）"),
    "cannot_write": ("cannot write a file: {error}", "无法写入文件：{error}"),
    "see_help": ("{message} (see: {prog} --help)", "{message}（参见：{prog} --help）"),
    "unrecognized": ("unrecognized arguments: {args} (see: chainrule {command} --help)",
                     "无法识别的参数：{args}（参见：chainrule {command} --help）"),
}  # fmt: skip

CATALOGS = {"engine": ENGINE, "parser": PARSER, "cli": CLI}


def text(key: str, lang: str | None = None, /, **fields) -> str:
    """The engine's message `key` in `lang` (default: the default language)."""
    return say(ENGINE, key, lang, **fields)


def parser_text(key: str, lang: str | None = None, /, **fields) -> str:
    """The expression parser's message `key` in `lang` (default: the default language)."""
    return say(PARSER, key, lang, **fields)


def forbidden(kind: str, english: str, lang: str | None = None) -> str:
    """What the parser calls a refused kind of syntax ("a list comprehension"): `english`, or its Chinese."""
    if (lang or get_language()) != "zh":
        return english
    return FORBIDDEN.get(kind, (english, f" {kind}"))[1]


def cli_text(key: str, lang: str | None = None, /, **fields) -> str:
    """The command line's own message `key` in `lang` (default: the default language)."""
    return say(CLI, key, lang, **fields)
